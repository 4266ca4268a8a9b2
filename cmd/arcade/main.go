// Command arcade is Communs Arcade's one binary: it plays, scaffolds,
// checks, packs, simulates and verifies levels, and serves the web game.
//
//	arcade play [PATH]                 open the game, or a level straight away
//	arcade new DIR                     scaffold a working level
//	arcade check PATH [--ticks N]      validate a level and run it headless
//	arcade pack DIR [-o FILE]          check a level and write it as a sealed <id>-<version>.arcade
//	arcade sim PATH --inputs FILE [--seed N] [--record OUT]
//	arcade verify PATH REPLAY          re-simulate a recorded run
//	arcade publish DIR|FILE --replay CLEAR.replay [--server URL]
//	arcade remix ID[@VERSION] DIR [--server URL]
//	arcade admin --token-file F [--server URL] COMMAND   moderation
//	arcade serve [--addr :8080] [--data ./data] [--web wasm/dist] [--workers N] [--log text|json]
//	arcade loadgen (--serve | --server 127.0.0.1:PORT)  load a server on loopback (make bench-server)
//	arcade verify-worker [--memory MiB]  one process of the server's verification pool
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type command struct {
	name, usage, summary string
	run                  func(args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"play", "play [PATH] [--watch] [--frames N --screenshot PNG]", "open the game in a window, or a level straight away (--watch: reload it at each save)", cmdPlay},
		{"new", "new DIR", "scaffold a working level in DIR", cmdNew},
		{"check", "check PATH [--ticks N]", "validate a level (folder or .arcade) and run it without input", cmdCheck},
		{"pack", "pack DIR [-o FILE]", "check a level and write it as a sealed package, <id>-<version>.arcade", cmdPack},
		{"sim", "sim PATH --inputs FILE [--seed N] [--record OUT]", "play a level with inputs written one line per tick", cmdSim},
		{"verify", "verify PATH REPLAY", "re-simulate a replay and print the verified result", cmdVerify},
		{"publish", "publish DIR|FILE --replay CLEAR.replay [--server URL]", "publish a level on a server with your own winning run of it", cmdPublish},
		{"remix", "remix ID[@VERSION] DIR [--server URL] [--id NEW]", "download a community level into DIR to change it (remix_of keeps the credits)", cmdRemix},
		{"admin", "admin --token-file F [--server URL] COMMAND", "moderate community levels: reports, audit, hide, restore, delete, ban, unban", cmdAdmin},
		{"serve", "serve [--addr :8080] [--data DIR] [--web DIR] [--workers N] [--log text|json]", "serve the browser game built by `make wasm` (--web: wasm/dist) and the score server on /ws", cmdServe},
		{"loadgen", "loadgen (--serve | --server 127.0.0.1:PORT) [--scenarios idle,submit,read]", "load a score server on this machine and print figures (make bench-server)", cmdLoadgen},
		{"verify-worker", "verify-worker [--memory MiB] [--packages DIR]", "a verification process of the server's pool (stdin/stdout; not for use by hand)", cmdVerifyWorker},
	}
}

// usageError carries a mistake in the command line; run prints it with
// the command's usage and exits 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// helpError answers -h or --help: flags holds the command's flags with
// their defaults, for run to print.
type helpError struct{ flags string }

func (e helpError) Error() string { return "help requested" }
func (e helpError) Unwrap() error { return flag.ErrHelp }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(args[1:], stdout, stderr)
		if err == nil {
			return 0
		}
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "arcade %s: %s\nusage: arcade %s\n", c.name, ue.msg, c.usage)
			return 2
		}
		var he helpError
		if errors.As(err, &he) {
			// Asked for: the help goes to stdout, and is no failure.
			fmt.Fprintf(stdout, "usage: arcade %s\n%s\n\nflags:\n%s", c.usage, c.summary, he.flags)
			return 0
		}
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stderr, "arcade: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: arcade COMMAND [ARGS]")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-50s %s\n", c.usage, c.summary)
	}
}

// parse parses flags that may come before, between or after the positional
// arguments ("arcade sim levels/demo --inputs run.txt"), and checks that
// exactly want positional arguments were given.
func parse(fs *flag.FlagSet, args []string, want int, names string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				var b strings.Builder
				fs.SetOutput(&b)
				fs.PrintDefaults()
				return nil, helpError{b.String()}
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if len(pos) != want {
		return nil, usageError{fmt.Sprintf("want %s, got %d argument(s): %s", names, len(pos), strings.Join(pos, " "))}
	}
	return pos, nil
}

// defaultID turns a folder name into a level id: lower case, letters,
// digits and dashes.
func defaultID(dir string) string {
	base := strings.ToLower(filepath.Base(filepath.Clean(dir)))
	var b strings.Builder
	for _, r := range base {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	id := strings.Trim(b.String(), "-")
	if len(id) > 40 {
		id = strings.Trim(id[:40], "-")
	}
	if id == "" {
		id = "my-level"
	}
	return id
}
