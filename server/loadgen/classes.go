package loadgen

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"sync"
	"time"

	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/protocol/api"
)

// ClassesOptions shape the classes scenario: classroom workshops.
type ClassesOptions struct {
	// First is the first player number; Classes × Pupils players join,
	// each on its own connection.
	First, Classes, Pupils int
	// Levels are the classes' levels; Replays one distinct run per pupil
	// (pupil p sends Replays[p]), of those levels.
	Levels  []string
	Replays [][]byte
	// InFlight is how many submissions wait for their reply at once.
	InFlight int
	// Poll is how often each class's teacher reads the dashboard
	// (GET …/progress), as a live dashboard page does. Zero: 250 ms.
	Poll time.Duration
}

// ClassesResult is what the classes scenario measured.
type ClassesResult struct {
	Classes, Pupils int
	// Joined counts pupils that joined; Counted the runs the server
	// counted for a class (submitted with cls); Seen those the teachers'
	// dashboards showed; Failed other outcomes, the first of which is Err.
	Joined, Counted, Seen, Failed int
	Err                           error
	// Reply is the latency from a submission to its reply, which comes
	// once the run is verified and the class progress committed.
	// Dashboard is from the submission to the first dashboard read that
	// shows it (its resolution is ClassesOptions.Poll).
	Reply, Dashboard Latencies
	// GoHello and GoJoined are the server's Go heap and stacks in use,
	// in bytes, before the pupils connect, once they said hello, and once
	// they joined (zero when /metrics does not answer).
	GoBefore, GoHello, GoJoined float64
	Wall                        time.Duration
}

// KBPerPupil is the growth of the server's Go heap and stacks from before
// the pupils connected to when they had all joined, per pupil.
func (r ClassesResult) KBPerPupil() float64 {
	if r.Joined == 0 || r.GoJoined == 0 {
		return 0
	}
	return (r.GoJoined - r.GoBefore) / 1024 / float64(r.Joined)
}

// KBPerJoin is what joining adds to a connection that said hello.
func (r ClassesResult) KBPerJoin() float64 {
	if r.Joined == 0 || r.GoJoined == 0 {
		return 0
	}
	return (r.GoJoined - r.GoHello) / 1024 / float64(r.Joined)
}

// Classes creates classes through the teacher API, has their pupils
// connect and join them, then has every pupil submit one run while each
// teacher polls the class's dashboard, and measures how long a run takes
// to reach the dashboard.
func Classes(ctx context.Context, cfg *Config, o ClassesOptions) (ClassesResult, error) {
	if err := cfg.defaults(); err != nil {
		return ClassesResult{}, err
	}
	n := o.Classes * o.Pupils
	if n <= 0 || o.InFlight <= 0 || len(o.Levels) == 0 {
		return ClassesResult{}, fmt.Errorf("loadgen: classes: want classes, pupils, levels and submissions in flight")
	}
	if len(o.Replays) < n {
		return ClassesResult{}, fmt.Errorf("loadgen: classes: %d replays for %d pupils: want one each", len(o.Replays), n)
	}
	if o.Poll <= 0 {
		o.Poll = 250 * time.Millisecond
	}
	res := ClassesResult{Classes: o.Classes, Pupils: n}
	created := make([]api.CreatedClass, o.Classes)
	for i := range created {
		// Each teacher from a source address of its own (the server caps
		// classes per address and day), past the pupils' ones.
		src, err := sourceAddr(cfg.FirstSource, 1, 1000+i)
		if err != nil {
			return res, err
		}
		client := httpClient(cfg, src)
		created[i], err = createClass(ctx, cfg, client, fmt.Sprintf("Bench %d", i), o.Levels)
		client.CloseIdleConnections()
		if err != nil {
			return res, err
		}
	}
	res.GoBefore, _ = goMemory(ctx, cfg.Server)
	conns, failed, err := cfg.dialMany(ctx, o.First, n)
	defer closeAll(conns)
	if failed > 0 {
		return res, fmt.Errorf("loadgen: classes: %d of %d pupils could not connect: %w", failed, n, err)
	}
	res.GoHello, _ = goMemory(ctx, cfg.Server)
	names := make([]string, n)
	var mu sync.Mutex
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		res.Failed++
		if res.Err == nil {
			res.Err = err
		}
	}
	parallel(n, cfg.Dials, func(i int) {
		names[i] = fmt.Sprintf("Eleve-%d", i)
		reply, err := conns[i].Call(&protocol.Join{Code: created[i/o.Pupils].Code, Pseudonym: names[i],
			Animal: uint8(i % protocol.PictureAnimals), Color: uint8(i / protocol.PictureAnimals % protocol.PictureColors), New: true})
		if _, ok := reply.(*protocol.Joined); !ok {
			fail(fmt.Errorf("loadgen: join: %v", err))
			return
		}
		mu.Lock()
		res.Joined++
		mu.Unlock()
	})
	res.GoJoined, _ = goMemory(ctx, cfg.Server)

	// The teachers poll their dashboards while the pupils submit.
	pending := make([]map[string]time.Time, o.Classes) // per class: pseudonym → sent
	for i := range pending {
		pending[i] = map[string]time.Time{}
	}
	var reply, dash []time.Duration
	pctx, stopPolls := context.WithCancel(ctx)
	var polls sync.WaitGroup
	for ci, c := range created {
		polls.Go(func() {
			t := time.NewTicker(o.Poll)
			defer t.Stop()
			src, _ := sourceAddr(cfg.FirstSource, 1, 1000+ci)
			client := httpClient(cfg, src)
			defer client.CloseIdleConnections()
			for {
				select {
				case <-pctx.Done():
					return
				case <-t.C:
				}
				p, err := progress(pctx, cfg, client, c)
				if err != nil {
					if pctx.Err() == nil {
						fail(err)
					}
					continue
				}
				now := time.Now()
				mu.Lock()
				for _, pp := range p.Pupils {
					sent, ok := pending[ci][pp.Pseudonym]
					if ok && slices.ContainsFunc(pp.Levels, func(l api.LevelProgress) bool { return l.Attempts > 0 }) {
						dash = append(dash, now.Sub(sent))
						delete(pending[ci], pp.Pseudonym)
						res.Seen++
					}
				}
				mu.Unlock()
			}
		})
	}
	start := time.Now()
	parallel(n, o.InFlight, func(i int) {
		ci := i / o.Pupils
		for {
			sent := time.Now()
			mu.Lock()
			if _, again := pending[ci][names[i]]; !again {
				pending[ci][names[i]] = sent
			}
			mu.Unlock()
			r, err := conns[i].Call(&protocol.Submit{Replay: o.Replays[i], Client: "class-run"})
			if Code(err) == protocol.CodeBusy {
				time.Sleep(200 * time.Millisecond) // the server asks to retry later
				continue
			}
			s, ok := r.(*protocol.Submitted)
			if !ok || !s.Class {
				fail(fmt.Errorf("loadgen: class run: %#v, %v", r, err))
				mu.Lock()
				delete(pending[ci], names[i])
				mu.Unlock()
				return
			}
			mu.Lock()
			res.Counted++
			reply = append(reply, time.Since(sent))
			mu.Unlock()
			return
		}
	})
	// Wait for the dashboards to show every counted run, within a bound
	// (a load generator, not a test: it polls as the dashboards do).
	deadline := time.Now().Add(cfg.Timeout)
	for time.Now().Before(deadline) {
		mu.Lock()
		left := 0
		for _, p := range pending {
			left += len(p)
		}
		mu.Unlock()
		if left == 0 {
			break
		}
		time.Sleep(o.Poll)
	}
	res.Wall = time.Since(start)
	stopPolls()
	polls.Wait()
	slices.Sort(reply)
	slices.Sort(dash)
	res.Reply, res.Dashboard = summarise(reply), summarise(dash)
	return res, nil
}

// parallel runs f(0) … f(n-1), at most width at once.
func parallel(n, width int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(width, n) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// httpClient is a client whose connections come from src.
func httpClient(cfg *Config, src netip.Addr) *http.Client {
	d := &net.Dialer{LocalAddr: net.TCPAddrFromAddrPort(netip.AddrPortFrom(src, 0)), Timeout: cfg.Timeout}
	return &http.Client{Timeout: cfg.Timeout, Transport: &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 1}}
}

// createClass creates a class through the teacher API.
func createClass(ctx context.Context, cfg *Config, client *http.Client, name string, levels []string) (api.CreatedClass, error) {
	body, _ := json.Marshal(api.NewClass{Name: name, Levels: levels})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+cfg.Server.String()+api.PathClasses, bytes.NewReader(body))
	if err != nil {
		return api.CreatedClass{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	var out api.CreatedClass
	if err := do(client, req, http.StatusCreated, &out); err != nil {
		return out, fmt.Errorf("loadgen: create class: %w", err)
	}
	return out, nil
}

// progress reads a class's dashboard as its teacher.
func progress(ctx context.Context, cfg *Config, client *http.Client, c api.CreatedClass) (api.ClassProgress, error) {
	var out api.ClassProgress
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+cfg.Server.String()+api.PathClasses+"/"+c.Code+"/progress", nil)
	if err != nil {
		return out, err
	}
	req.Header.Set("Authorization", "Bearer "+c.TeacherKey)
	if err := do(client, req, http.StatusOK, &out); err != nil {
		return out, fmt.Errorf("loadgen: class progress: %w", err)
	}
	return out, nil
}

func do(client *http.Client, req *http.Request, want int, out any) error {
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != want {
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}
