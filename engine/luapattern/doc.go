// Package luapattern implements Lua 5.1 string patterns (Lua 5.1 reference
// manual, §5.4.1) with a deterministic step budget, so that untrusted level
// scripts cannot stall the engine with a "pattern bomb" such as
//
//	string.find(string.rep("a", 40), ".-.-.-.-.-.-.-.-.-.-b")
//
// It was written from the reference manual's description of patterns and
// does not depend on any Lua implementation.
//
// Supported: '.', the classes %a %c %d %l %p %s %u %w %x %z (ASCII, as in the
// C locale) and their upper-case complements, %x escapes of any other
// character, sets [...] with ranges, classes and [^...], the quantifiers
// '*', '+', '-' and '?', the anchors '^' (at the start of the pattern) and
// '$' (at its end), captures including position captures "()",
// back-references %1-%9, %bxy and %f[set]. At most 32 captures are allowed.
//
// Budget: every elementary matcher step (one single-character test, one
// attempt to continue the match at some position, one back-reference or
// balance byte compared) costs one unit from a caller-supplied allowance.
// When the allowance runs out the match stops with [ErrBudget]. The count
// depends only on the subject and the pattern, so it is the same natively and
// under WebAssembly. Nested quantifiers recurse; the depth is capped
// ([MaxDepth]) and exceeding it yields [ErrTooComplex].
//
// Differences from the reference implementation of Lua 5.1, all in areas the
// manual leaves undefined or where it reports errors:
//   - malformed patterns are rejected when compiled, whatever the subject
//     (Lua 5.1 only notices them when the matcher reaches the bad item);
//   - a NUL byte in a pattern is an ordinary character (Lua 5.1 stops
//     reading the pattern there; the manual says patterns cannot contain
//     them and suggests %z);
//   - nesting more than [MaxDepth] quantifiers fails with [ErrTooComplex]
//     instead of exhausting the C stack.
//
// Like Lua 5.1, a back-reference to a position capture never matches, and a
// match whose pattern leaves a capture open succeeds; the caller decides
// what to do with the open capture (Lua raises "unfinished capture" when the
// capture's value is needed).
package luapattern
