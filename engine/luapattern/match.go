package luapattern

// Capture is the value of one capture of a successful match.
type Capture struct {
	// Start and End delimit the captured bytes, src[Start:End]. For a
	// position capture both are the 0-based position (Lua reports
	// Start+1).
	Start, End int
	// Position marks a position capture "()".
	Position bool
	// Unfinished marks a capture whose ')' the pattern lacks, as in "(a";
	// Start is where it began and End equals Start. Lua raises
	// "unfinished capture" when such a capture's value is needed.
	Unfinished bool
}

// Match describes a successful match.
type Match struct {
	// Start and End delimit the whole match, src[Start:End].
	Start, End int
	// Captures holds one entry per capture of the pattern, in the order
	// of their opening parentheses; it is empty if the pattern has none.
	Captures []Capture
}

// Capture lengths below zero mark special captures.
const (
	capOpen     = -1
	capPosition = -2
)

type capState struct {
	start, n int
}

// matcher holds the state of one match attempt.
type matcher struct {
	src   string
	ops   []op
	sets  []charSet
	left  int64 // steps left
	depth int
	caps  [MaxCaptures]capState
}

// abort is panicked with to unwind the matcher on budget exhaustion.
type abort struct{ err error }

func (m *matcher) step() {
	m.left--
	if m.left < 0 {
		panic(abort{ErrBudget})
	}
}

func (m *matcher) charge(n int64) {
	m.left -= n
	if m.left < 0 {
		panic(abort{ErrBudget})
	}
}

// single reports whether src[s] exists and is in the class of o.
func (m *matcher) single(s int, o *op) bool {
	m.step()
	if s >= len(m.src) {
		return false
	}
	switch o.cls {
	case clsLiteral:
		return m.src[s] == o.c
	case clsAny:
		return true
	}
	return m.sets[o.cls].has(m.src[s])
}

// match tries to match ops[pc:] at src[s:]; it returns the end of the match
// or -1.
func (m *matcher) match(s, pc int) int {
	m.step()
	m.depth++
	if m.depth > MaxDepth {
		panic(abort{ErrTooComplex})
	}
	r := m.run(s, pc)
	m.depth--
	return r
}

func (m *matcher) run(s, pc int) int {
	for pc < len(m.ops) {
		o := &m.ops[pc]
		switch o.kind {
		case opClass:
			switch o.quant {
			case 0:
				if !m.single(s, o) {
					return -1
				}
				s++
				pc++
			case '?':
				if m.single(s, o) {
					if r := m.match(s+1, pc+1); r >= 0 {
						return r
					}
				}
				pc++
			case '*':
				return m.greedy(s, pc, o)
			case '+':
				if !m.single(s, o) {
					return -1
				}
				return m.greedy(s+1, pc, o)
			case '-':
				return m.lazy(s, pc, o)
			}
		case opOpen:
			m.step()
			m.caps[o.idx] = capState{s, capOpen}
			pc++
		case opPosition:
			m.step()
			m.caps[o.idx] = capState{s, capPosition}
			pc++
		case opClose:
			m.step()
			m.caps[o.idx].n = s - m.caps[o.idx].start
			pc++
		case opBackref:
			m.step()
			c := m.caps[o.idx]
			if c.n < 0 { // a position capture never matches
				return -1
			}
			m.charge(int64(c.n) / 8)
			if len(m.src)-s < c.n || m.src[s:s+c.n] != m.src[c.start:c.start+c.n] {
				return -1
			}
			s += c.n
			pc++
		case opBalance:
			m.step()
			if s >= len(m.src) || m.src[s] != o.c {
				return -1
			}
			level := 1
			e := -1
			for i := s + 1; i < len(m.src); i++ {
				m.step()
				if c := m.src[i]; c == o.close {
					if level--; level == 0 {
						e = i + 1
						break
					}
				} else if c == o.c {
					level++
				}
			}
			if e < 0 {
				return -1
			}
			s = e
			pc++
		case opFrontier:
			m.step()
			var prev, cur byte
			if s > 0 {
				prev = m.src[s-1]
			}
			if s < len(m.src) {
				cur = m.src[s]
			}
			if set := &m.sets[o.cls]; set.has(prev) || !set.has(cur) {
				return -1
			}
			pc++
		case opEnd:
			m.step()
			if s != len(m.src) {
				return -1
			}
			pc++
		}
	}
	return s
}

// greedy matches as many characters of o's class as possible from s, then tries
// the rest of the pattern giving them back one by one.
func (m *matcher) greedy(s, pc int, o *op) int {
	n := 0
	for m.single(s+n, o) {
		n++
	}
	for ; n >= 0; n-- {
		if r := m.match(s+n, pc+1); r >= 0 {
			return r
		}
	}
	return -1
}

// lazy tries the rest of the pattern first and takes one more character of
// o's class each time it fails.
func (m *matcher) lazy(s, pc int, o *op) int {
	for {
		if r := m.match(s, pc+1); r >= 0 {
			return r
		}
		if !m.single(s, o) {
			return -1
		}
		s++
	}
}

func (m *matcher) result(start, end, ncap int) Match {
	res := Match{Start: start, End: end}
	if ncap > 0 {
		res.Captures = make([]Capture, ncap)
		for i := range res.Captures {
			c := m.caps[i]
			switch c.n {
			case capOpen:
				res.Captures[i] = Capture{Start: c.start, End: c.start, Unfinished: true}
			case capPosition:
				res.Captures[i] = Capture{Start: c.start, End: c.start, Position: true}
			default:
				res.Captures[i] = Capture{Start: c.start, End: c.start + c.n}
			}
		}
	}
	return res
}

// A Matcher matches one pattern against one subject, as often as needed,
// reusing its state; string.gsub, for example, tries a match at every
// position. A Matcher is not safe for concurrent use.
type Matcher struct {
	p *Pattern
	m matcher
}

// Matcher returns a Matcher of p against src.
func (p *Pattern) Matcher(src string) *Matcher {
	return &Matcher{p: p, m: matcher{src: src, ops: p.ops, sets: p.sets}}
}

// exec runs attempt, converting budget and depth panics to errors and
// keeping *steps up to date.
func (mt *Matcher) exec(steps *int64, attempt func(m *matcher) (Match, bool)) (res Match, ok bool, err error) {
	if steps == nil {
		unlimited := int64(1<<63 - 1)
		steps = &unlimited
	}
	m := &mt.m
	m.left = *steps
	m.depth = 0
	defer func() {
		if r := recover(); r != nil {
			a, isAbort := r.(abort)
			if !isAbort {
				panic(r)
			}
			res, ok, err = Match{}, false, a.err
			if m.left < 0 {
				m.left = 0
			}
		}
		*steps = m.left
	}()
	res, ok = attempt(m)
	return res, ok, nil
}

func clampInit(init, n int) int {
	if init < 0 {
		return 0
	}
	if init > n {
		return n
	}
	return init
}

// Find looks for the first match of the pattern in the subject starting at
// byte offset init (clamped to [0, len(src)]). An anchored pattern is only
// tried at init; otherwise every start from init to len(src) inclusive is
// tried in turn.
//
// steps is the allowance, decremented by the steps used (it never goes
// below zero); nil means unlimited. When it runs out Find returns
// ErrBudget; too deep a recursion returns ErrTooComplex.
func (mt *Matcher) Find(init int, steps *int64) (Match, bool, error) {
	src, p := mt.m.src, mt.p
	init = clampInit(init, len(src))
	return mt.exec(steps, func(m *matcher) (Match, bool) {
		for s := init; ; s++ {
			if e := m.match(s, 0); e >= 0 {
				return m.result(s, e, p.ncap), true
			}
			if p.anchored || s >= len(src) {
				return Match{}, false
			}
		}
	})
}

// MatchAt tries to match the pattern at exactly byte offset pos of the
// subject (clamped to [0, len(src)]), whether or not the pattern is
// anchored. steps is as for Find.
func (mt *Matcher) MatchAt(pos int, steps *int64) (Match, bool, error) {
	pos = clampInit(pos, len(mt.m.src))
	return mt.exec(steps, func(m *matcher) (Match, bool) {
		if e := m.match(pos, 0); e >= 0 {
			return m.result(pos, e, mt.p.ncap), true
		}
		return Match{}, false
	})
}

// Find looks for the first match of p in src from byte offset init; see
// Matcher.Find.
func (p *Pattern) Find(src string, init int, steps *int64) (Match, bool, error) {
	return p.Matcher(src).Find(init, steps)
}

// MatchAt tries to match p at exactly byte offset pos of src; see
// Matcher.MatchAt.
func (p *Pattern) MatchAt(src string, pos int, steps *int64) (Match, bool, error) {
	return p.Matcher(src).MatchAt(pos, steps)
}

// Find compiles pat (a leading '^' anchors it) and looks for its first
// match in src from byte offset init; see Matcher.Find.
func Find(src, pat string, init int, steps *int64) (m Match, ok bool, err error) {
	p, err := Compile(pat)
	if err != nil {
		return Match{}, false, err
	}
	return p.Find(src, init, steps)
}
