package luapattern

import (
	"errors"
	"strings"
)

// MaxCaptures is the largest number of captures a pattern may hold (as in
// Lua 5.1).
const MaxCaptures = 32

// MaxDepth bounds the nesting of quantified items the matcher will explore.
const MaxDepth = 200

// ErrBudget is returned when the step allowance runs out.
var ErrBudget = errors.New("pattern too complex (step budget exceeded)")

// ErrTooComplex is returned when the matcher would recurse deeper than
// MaxDepth.
var ErrTooComplex = errors.New("pattern too complex")

// Errors for malformed patterns; their texts follow Lua 5.1.
var (
	errEndsWithPercent = errors.New("malformed pattern (ends with '%')")
	errMissingBracket  = errors.New("malformed pattern (missing ']')")
	errInvalidCapIndex = errors.New("invalid capture index")
	errInvalidPatCap   = errors.New("invalid pattern capture")
	errFrontierBracket = errors.New("missing '[' after '%f' in pattern")
	errTooManyCaptures = errors.New("too many captures")
	errBalanceArgs     = errors.New("unbalanced pattern")
)

// charSet is a set of bytes, one bit per byte value.
type charSet [4]uint64

func (cs *charSet) add(c byte)       { cs[c>>6] |= 1 << (c & 63) }
func (cs *charSet) has(c byte) bool  { return cs[c>>6]&(1<<(c&63)) != 0 }
func (cs *charSet) union(o *charSet) { cs[0] |= o[0]; cs[1] |= o[1]; cs[2] |= o[2]; cs[3] |= o[3] }
func (cs *charSet) invert()          { cs[0], cs[1], cs[2], cs[3] = ^cs[0], ^cs[1], ^cs[2], ^cs[3] }

// addRange adds the bytes lo to hi (none if lo > hi).
func (cs *charSet) addRange(lo, hi byte) {
	for w := range cs {
		first, last := w*64, w*64+63
		a, b := max(first, int(lo)), min(last, int(hi))
		if a > b {
			continue
		}
		// Bits a-first to b-first of word w.
		cs[w] |= (^uint64(0) >> (63 - (b - first))) &^ (1<<(a-first) - 1)
	}
}

// classSets holds the sets of the lower-case class letters (C locale).
var classSets = func() (t [256]*charSet) {
	def := func(letter byte, pred func(c byte) bool) {
		cs := new(charSet)
		for c := 0; c < 256; c++ {
			if pred(byte(c)) {
				cs.add(byte(c))
			}
		}
		t[letter] = cs
	}
	isLower := func(c byte) bool { return 'a' <= c && c <= 'z' }
	isUpper := func(c byte) bool { return 'A' <= c && c <= 'Z' }
	isDigit := func(c byte) bool { return '0' <= c && c <= '9' }
	isAlpha := func(c byte) bool { return isLower(c) || isUpper(c) }
	def('a', isAlpha)
	def('c', func(c byte) bool { return c < 32 || c == 127 })
	def('d', isDigit)
	def('l', isLower)
	def('p', func(c byte) bool { return c > 32 && c < 127 && !isAlpha(c) && !isDigit(c) })
	def('s', func(c byte) bool { return c == ' ' || (c >= '\t' && c <= '\r') })
	def('u', isUpper)
	def('w', func(c byte) bool { return isAlpha(c) || isDigit(c) })
	def('x', func(c byte) bool { return isDigit(c) || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F') })
	def('z', func(c byte) bool { return c == 0 })
	return t
}()

// addEscape adds what "%c" denotes to cs: a class (upper case for its
// complement) or, for any other character, the character itself.
func (cs *charSet) addEscape(c byte) {
	lower := c
	if 'A' <= c && c <= 'Z' {
		lower = c + ('a' - 'A')
	}
	cls := classSets[lower]
	if cls == nil {
		cs.add(c)
		return
	}
	if lower == c {
		cs.union(cls)
		return
	}
	inv := *cls
	inv.invert()
	cs.union(&inv)
}

type opKind uint8

const (
	opClass    opKind = iota // one character of a set, maybe quantified
	opOpen                   // '(' starts capture idx
	opPosition               // "()" position capture idx
	opClose                  // ')' ends capture idx
	opBackref                // %1-%9 refers to capture idx
	opBalance                // %bxy
	opFrontier               // %f[set]
	opEnd                    // '$' at the end of the pattern
)

// Values of op.cls below zero; the others index Pattern.sets.
const (
	clsLiteral = -1 // the byte op.c
	clsAny     = -2 // any byte
)

type op struct {
	kind  opKind
	quant byte  // opClass: 0, '*', '+', '-' or '?'
	c     byte  // opClass with clsLiteral: the byte; opBalance: the opening byte
	close byte  // opBalance: the closing byte
	cls   int32 // opClass, opFrontier: clsLiteral, clsAny or an index in sets
	idx   int32 // capture index of opOpen, opPosition, opClose, opBackref
}

// Pattern is a compiled Lua pattern. It is safe for concurrent use.
type Pattern struct {
	ops      []op
	sets     []charSet
	anchored bool
	ncap     int
}

// Anchored reports whether the pattern started with '^'.
func (p *Pattern) Anchored() bool { return p.anchored }

// NumCaptures is the number of captures (including position captures).
func (p *Pattern) NumCaptures() int { return p.ncap }

// Compile compiles a Lua pattern. A leading '^' anchors the pattern at the
// position where matching starts, as for string.find, string.match and
// string.gsub.
func Compile(pat string) (*Pattern, error) { return compile(pat, true) }

// CompileUnanchored compiles a Lua pattern in which a leading '^' is an
// ordinary character, as string.gmatch does in Lua 5.1.
func CompileUnanchored(pat string) (*Pattern, error) { return compile(pat, false) }

func compile(pat string, caretAnchors bool) (*Pattern, error) {
	// Every item takes at least one byte of the pattern, and every set at
	// least two, starting with '[' or '%'.
	p := &Pattern{
		ops:  make([]op, 0, len(pat)),
		sets: make([]charSet, 0, min(strings.Count(pat, "[")+strings.Count(pat, "%"), len(pat)/2)),
	}
	i := 0
	if caretAnchors && len(pat) > 0 && pat[0] == '^' {
		p.anchored = true
		i = 1
	}
	var open []int32             // indices of captures still open, innermost last
	var closed [MaxCaptures]bool // capture may be referred to
	newCapture := func() (int32, error) {
		if p.ncap >= MaxCaptures {
			return 0, errTooManyCaptures
		}
		p.ncap++
		return int32(p.ncap - 1), nil
	}
	n := len(pat)
	for i < n {
		c := pat[i]
		switch {
		case c == '(':
			idx, err := newCapture()
			if err != nil {
				return nil, err
			}
			if i+1 < n && pat[i+1] == ')' {
				p.ops = append(p.ops, op{kind: opPosition, idx: idx})
				closed[idx] = true
				i += 2
			} else {
				p.ops = append(p.ops, op{kind: opOpen, idx: idx})
				open = append(open, idx)
				i++
			}
			continue
		case c == ')':
			if len(open) == 0 {
				return nil, errInvalidPatCap
			}
			idx := open[len(open)-1]
			open = open[:len(open)-1]
			closed[idx] = true
			p.ops = append(p.ops, op{kind: opClose, idx: idx})
			i++
			continue
		case c == '$' && i == n-1:
			p.ops = append(p.ops, op{kind: opEnd})
			i++
			continue
		case c == '%' && i+1 < n && pat[i+1] == 'b':
			if i+3 >= n {
				return nil, errBalanceArgs
			}
			p.ops = append(p.ops, op{kind: opBalance, c: pat[i+2], close: pat[i+3]})
			i += 4
			continue
		case c == '%' && i+1 < n && pat[i+1] == 'f':
			i += 2
			if i >= n || pat[i] != '[' {
				return nil, errFrontierBracket
			}
			var cs charSet
			next, err := parseSet(pat, i, &cs)
			if err != nil {
				return nil, err
			}
			p.ops = append(p.ops, op{kind: opFrontier, cls: p.addSet(&cs)})
			i = next
			continue
		case c == '%' && i+1 < n && '0' <= pat[i+1] && pat[i+1] <= '9':
			idx := int32(pat[i+1]) - '1'
			if idx < 0 || int(idx) >= p.ncap || !closed[idx] {
				return nil, errInvalidCapIndex
			}
			p.ops = append(p.ops, op{kind: opBackref, idx: idx})
			i += 2
			continue
		}
		// A single-character class, maybe followed by a quantifier.
		o := op{kind: opClass, cls: clsLiteral, c: c}
		switch c {
		case '.':
			o.cls = clsAny
			i++
		case '%':
			if i+1 >= n {
				return nil, errEndsWithPercent
			}
			e := pat[i+1]
			if classSets[e|0x20] == nil {
				o.c = e // an escaped character stands for itself
			} else {
				var cs charSet
				cs.addEscape(e)
				o.cls = p.addSet(&cs)
			}
			i += 2
		case '[':
			var cs charSet
			next, err := parseSet(pat, i, &cs)
			if err != nil {
				return nil, err
			}
			o.cls = p.addSet(&cs)
			i = next
		default:
			i++
		}
		if i < n {
			switch q := pat[i]; q {
			case '*', '+', '-', '?':
				o.quant = q
				i++
			}
		}
		p.ops = append(p.ops, o)
	}
	return p, nil
}

// addSet stores cs, sharing an identical set already stored just before, and
// returns its index.
func (p *Pattern) addSet(cs *charSet) int32 {
	if n := len(p.sets); n > 0 && p.sets[n-1] == *cs {
		return int32(n - 1)
	}
	p.sets = append(p.sets, *cs)
	return int32(len(p.sets) - 1)
}

// parseSet parses the set starting with the '[' at pat[i] into cs and
// returns the index just after its closing ']'.
func parseSet(pat string, i int, cs *charSet) (int, error) {
	n := len(pat)
	j := i + 1
	negate := false
	if j < n && pat[j] == '^' {
		negate = true
		j++
	}
	// Find the closing ']': the first character of the body is never the
	// end, and "%x" is skipped as a unit.
	start := j
	for {
		if j >= n {
			return 0, errMissingBracket
		}
		if pat[j] == ']' && j > start {
			break
		}
		if pat[j] == '%' {
			j += 2
		} else {
			j++
		}
	}
	end := j
	for k := start; k < end; {
		c := pat[k]
		switch {
		case c == '%':
			cs.addEscape(pat[k+1])
			k += 2
		case k+2 < end && pat[k+1] == '-':
			if lo, hi := c, pat[k+2]; lo <= hi {
				cs.addRange(lo, hi)
			}
			k += 3
		default:
			cs.add(c)
			k++
		}
	}
	if negate {
		cs.invert()
	}
	return end + 1, nil
}
