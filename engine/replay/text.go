package replay

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/communs-arcade/arcade/engine/sim"
)

// buttonLetters are the letters of the text format, in bit order.
const buttonLetters = "LRUDAB"

// ParseInputs reads inputs written in the text format described in the
// package documentation: one line per tick, or per N ticks with a "*N"
// suffix. Errors name the line ("replay: inputs line 12: unknown button
// 'X'"). Input lasting more than MaxTicks ticks, or a line longer than
// 64 KiB, is refused. The pointer of every parsed input is zero.
func ParseInputs(r io.Reader) ([]sim.Input, error) {
	sc := bufio.NewScanner(r)
	var out []sim.Input
	line := 0
	for sc.Scan() {
		line++
		text := sc.Bytes()
		if i := bytes.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		text = bytes.TrimSpace(text)
		if len(text) == 0 {
			continue
		}
		buttons, n, err := parseLine(text)
		if err != nil {
			return nil, fmt.Errorf("replay: inputs line %d: %w", line, err)
		}
		if n > MaxTicks-len(out) {
			return nil, fmt.Errorf("replay: inputs line %d: more than MaxTicks (%d) ticks", line, MaxTicks)
		}
		in := sim.Input{Buttons: buttons}
		for range n {
			out = append(out, in)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("replay: inputs line %d: line too long", line+1)
		}
		return nil, fmt.Errorf("replay: inputs: %w", err)
	}
	return out, nil
}

var errNoneAndButtons = errors.New("'.' (no button) cannot be combined with buttons")

// parseLine parses one non-empty line without its comment: the buttons
// ("." for none) and an optional "*N" repeat, spaces allowed between them.
func parseLine(text []byte) (sim.Buttons, int, error) {
	var (
		buttons sim.Buttons
		dot     bool
		letters bool
	)
	for len(text) > 0 {
		c, size := utf8.DecodeRune(text)
		switch {
		case c == ' ' || c == '\t':
		case c == '.':
			if dot {
				return 0, 0, errors.New("'.' given twice")
			}
			if letters {
				return 0, 0, errNoneAndButtons
			}
			dot = true
		case c == '*':
			if !dot && !letters {
				return 0, 0, errors.New("no buttons before '*' (write '.' for none)")
			}
			n, err := parseRepeat(bytes.TrimSpace(text[size:]))
			return buttons, n, err
		default:
			i := -1
			if c < utf8.RuneSelf {
				i = strings.IndexByte(buttonLetters, byte(c))
			}
			if i < 0 {
				return 0, 0, fmt.Errorf("unknown button %q", c)
			}
			if dot {
				return 0, 0, errNoneAndButtons
			}
			b := sim.Buttons(1) << i
			if buttons&b != 0 {
				return 0, 0, fmt.Errorf("button %q given twice", c)
			}
			buttons |= b
			letters = true
		}
		text = text[size:]
	}
	return buttons, 1, nil
}

// parseRepeat parses the N of a "*N" suffix: decimal digits, 1 to MaxTicks.
func parseRepeat(text []byte) (int, error) {
	if len(text) == 0 {
		return 0, errors.New("missing repeat count after '*'")
	}
	for _, c := range text {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("bad repeat count %q", text)
		}
	}
	if len(text) > len(strconv.Itoa(MaxTicks)) {
		return 0, fmt.Errorf("repeat count %s is more than MaxTicks (%d)", text, MaxTicks)
	}
	n, _ := strconv.Atoi(string(text))
	switch {
	case n < 1:
		return 0, errors.New("repeat count must be at least 1")
	case n > MaxTicks:
		return 0, fmt.Errorf("repeat count %d is more than MaxTicks (%d)", n, MaxTicks)
	}
	return n, nil
}

// FormatInputs writes inputs in the text format ParseInputs reads, one line
// per run of equal inputs: the held buttons in the order L R U D A B, or
// "." for none, followed by "*N" when the run lasts N > 1 ticks. The text
// format has no pointer, so an input whose pointer is not zero is an error,
// as are unknown buttons and more than MaxTicks inputs.
func FormatInputs(w io.Writer, inputs []sim.Input) error {
	if len(inputs) > MaxTicks {
		return fmt.Errorf("replay: %d inputs, more than MaxTicks (%d)", len(inputs), MaxTicks)
	}
	for i, in := range inputs {
		if in.PointerX != 0 || in.PointerY != 0 || in.PointerDown {
			return fmt.Errorf("replay: input %d uses the pointer, which the text format cannot hold", i)
		}
		if in.Buttons&^sim.AllButtons != 0 {
			return fmt.Errorf("replay: input %d has unknown buttons %#02x", i, uint8(in.Buttons))
		}
	}
	bw := bufio.NewWriter(w)
	var line []byte
	for _, u := range Compress(inputs) {
		line = line[:0]
		if u.Buttons == 0 {
			line = append(line, '.')
		}
		for i := range len(buttonLetters) {
			if u.Buttons&(1<<i) != 0 {
				line = append(line, buttonLetters[i])
			}
		}
		if u.Count > 1 {
			line = append(line, '*')
			line = strconv.AppendUint(line, uint64(u.Count), 10)
		}
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return fmt.Errorf("replay: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	return nil
}
