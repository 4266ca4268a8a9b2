package luapattern

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// describe renders a result the way string.find would print it: 1-based
// start, end, then the captures (position captures as pN).
func describe(src string, m Match, ok bool) string {
	if !ok {
		return "nil"
	}
	parts := []string{fmt.Sprint(m.Start + 1), fmt.Sprint(m.End)}
	for _, c := range m.Captures {
		switch {
		case c.Unfinished:
			parts = append(parts, "unfinished")
		case c.Position:
			parts = append(parts, fmt.Sprintf("p%d", c.Start+1))
		default:
			parts = append(parts, fmt.Sprintf("%q", src[c.Start:c.End]))
		}
	}
	return strings.Join(parts, ",")
}

// The expected results were checked against the reference Lua 5.1.5
// interpreter's string.find (init there is this init+1).
var findCases = []struct {
	src, pat string
	init     int
	want     string
}{
	{"hello world", "o w", 0, "5,7"},
	{"hello world", "l+", 0, "3,4"},
	{"hello", "^h", 0, "1,1"},
	{"hello", "^e", 0, "nil"},
	{"hello", "^e", 1, "2,2"},
	{"hello", "o$", 0, "5,5"},
	{"hello", "l$", 0, "nil"},
	{"a$b", "$b", 0, "2,3"},
	{"a^b", "a^", 0, "1,2"},
	{"^x", "^^x", 0, "1,2"},
	{"a*", "a*%*", 0, "1,2"},
	{"key = value", "(%w+)%s*=%s*(%w+)", 0, `1,11,"key","value"`},
	{"abc", "()b()", 0, "2,2,p2,p3"},
	{"abc", "()", 3, "4,3,p4"},
	{"abc", "", 9, "4,3"},
	{"abc", "b", 2, "nil"},
	{"abc", "b", 1, "2,2"},
	{"THE (quick) fox", "%((%a+)%)", 0, `5,11,"quick"`},
	{"f(a(b)c)d", "%b()", 0, "2,8"},
	{"((a)", "%b()", 0, "2,4"},
	{"abab", "%bab", 0, "1,2"},
	{"THE (quick) fox", "%f[%a]%a+", 0, "1,3"},
	{"THE", "%f[%l]", 0, "nil"},
	{"xay", "%f[a]a", 0, "2,2"},
	{"end", "d%f[%z]", 0, "3,3"},
	{"the cat", "%f[%w]%w+$", 0, "5,7"},
	{"hello  world", "%s*$", 0, "13,12"},
	{"aaab", "a-b", 0, "1,4"},
	{"aaa", "a-", 0, "1,0"},
	{"aaa", "a-$", 0, "1,3"},
	{"abcabc", "(abc)%1", 0, `1,6,"abc"`},
	{"xyzxyz", "(x)(y)(z)%1%2%3", 0, `1,6,"x","y","z"`},
	{"[]", "[]]", 0, "2,2"},
	{"a-b", "[a-]+", 0, "1,2"},
	{"x]y", "[^]]+", 0, "1,1"},
	{"a.b", "%.", 0, "2,2"},
	{"foo.bar", "[.%-]", 0, "4,4"},
	{"a\x00b", "%z", 0, "2,2"},
	{"a\x00b", "%Z+", 0, "1,1"},
	{"12ab", "%x+", 0, "1,4"},
	{"\t x", "%S", 0, "3,3"},
	{"hi!", "%p", 0, "3,3"},
	{"ABc", "%u+", 0, "1,2"},
	{"ABc", "%l", 0, "3,3"},
	{"a\x01b", "%c", 0, "2,2"},
	{"A1", "[%d%u]+", 0, "1,2"},
	{"abc", "[%a-z]+", 0, "1,3"},
	{"-z", "[%a-z]+", 0, "1,2"},
	{"abc", "[b-a]", 0, "nil"},
	{"%", "%%", 0, "1,1"},
	{"q", "%q", 0, "1,1"},
	{"aaa", "a?a?a?a", 0, "1,3"},
	{"ab", "a?b", 0, "1,2"},
	{"b", "a?b", 0, "1,1"},
	{"", ".-", 0, "1,0"},
	{"", "^$", 0, "1,0"},
	{"x", "^$", 0, "nil"},
	{"aXbXc", "X(.-)X", 0, `2,4,"b"`},
	{"  trim  ", "^%s*(.-)%s*$", 0, `1,8,"trim"`},
	{"x = 1, y = 2", "(%w+) = (%w+)", 4, `8,12,"y","2"`},
	{"a+b", "a+b", 0, "nil"},
	{"aab", "a*b", 0, "1,3"},
	{"b", "a*b", 0, "1,1"},
	{"a", "a+b", 0, "nil"},
	{"\xa1\xff", "[\xa0-\xff]+", 0, "1,2"},
	{"\xa1", "%a", 0, "nil"},
	{"ab", "(a", 0, "1,1,unfinished"},
	{"ab", "(x", 0, "nil"},
	{"aa", "()%1", 0, "nil"}, // a back-reference to a position capture never matches
	{"abc", "%bxy", 0, "nil"},
	{"abc", "a%f[%w]", 0, "nil"},
	{"aaa", "a", 99, "nil"},
	{"aaa", "a", -5, "1,1"},
	{strings.Repeat("a", 300), "a*$", 0, "1,300"},
	{strings.Repeat("a", 60), strings.Repeat("a?", 150), 0, "1,60"},
}

func TestFind(t *testing.T) {
	for _, c := range findCases {
		steps := int64(1_000_000)
		m, ok, err := Find(c.src, c.pat, c.init, &steps)
		if err != nil {
			t.Errorf("Find(%q, %q, %d): error %v", c.src, c.pat, c.init, err)
			continue
		}
		if got := describe(c.src, m, ok); got != c.want {
			t.Errorf("Find(%q, %q, %d) = %s, want %s", c.src, c.pat, c.init, got, c.want)
		}
		if steps <= 0 || steps >= 1_000_000 {
			t.Errorf("Find(%q, %q): steps left %d", c.src, c.pat, steps)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	cases := []struct{ pat, want string }{
		{"a%", "malformed pattern (ends with '%')"},
		{"%", "malformed pattern (ends with '%')"},
		{"[a", "malformed pattern (missing ']')"},
		{"[]", "malformed pattern (missing ']')"},
		{"[^]", "malformed pattern (missing ']')"},
		{"[a%]", "malformed pattern (missing ']')"},
		{"[a%", "malformed pattern (missing ']')"},
		{"%f[a", "malformed pattern (missing ']')"},
		{"(a", ""}, // unfinished only matters when a match needs the value
		{"a)", "invalid pattern capture"},
		{"())", "invalid pattern capture"},
		{"%1", "invalid capture index"},
		{"(a)%2", "invalid capture index"},
		{"(a%1)", "invalid capture index"},
		{"(a)%0", "invalid capture index"},
		{"%fa", "missing '[' after '%f' in pattern"},
		{"%f", "missing '[' after '%f' in pattern"},
		{"%b", "unbalanced pattern"},
		{"%ba", "unbalanced pattern"},
		{strings.Repeat("()", 32), ""},
		{strings.Repeat("()", 33), "too many captures"},
		{strings.Repeat("(", 33), "too many captures"},
	}
	for _, c := range cases {
		_, err := Compile(c.pat)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("Compile(%q): error %q, want %q", c.pat, got, c.want)
		}
		// Find reports the same error.
		_, _, err = Find("anything", c.pat, 0, nil)
		if (err != nil) != (c.want != "") {
			t.Errorf("Find with %q: error %v, want %q", c.pat, err, c.want)
		}
	}
}

func TestUnanchored(t *testing.T) {
	p, err := CompileUnanchored("^a")
	if err != nil {
		t.Fatal(err)
	}
	if p.Anchored() {
		t.Fatal("CompileUnanchored gave an anchored pattern")
	}
	m, ok, err := p.Find("xa^a", 0, nil)
	if err != nil || !ok || m.Start != 2 || m.End != 4 {
		t.Fatalf("got %+v %v %v, want 2..4", m, ok, err)
	}
	q, _ := Compile("^a")
	if !q.Anchored() {
		t.Fatal("Compile('^a') is not anchored")
	}
	if _, ok, _ := q.Find("xa", 0, nil); ok {
		t.Fatal("anchored pattern matched after the start")
	}
}

func TestMatchAt(t *testing.T) {
	p, _ := Compile("(%d+)")
	mt := p.Matcher("ab12cd345")
	if _, ok, _ := mt.MatchAt(0, nil); ok {
		t.Fatal("MatchAt(0) matched")
	}
	m, ok, err := mt.MatchAt(6, nil)
	if err != nil || !ok || m.Start != 6 || m.End != 9 || m.Captures[0] != (Capture{Start: 6, End: 9}) {
		t.Fatalf("MatchAt(6) = %+v %v %v", m, ok, err)
	}
	if p.NumCaptures() != 1 {
		t.Fatalf("NumCaptures = %d", p.NumCaptures())
	}
}

func TestBudget(t *testing.T) {
	bombs := []struct{ src, pat string }{
		{strings.Repeat("a", 40), ".-.-.-.-.-.-.-.-.-.-b"},
		{strings.Repeat("a", 40), ".*.*.*.*.*.*.*.*.*.*b"},
		{strings.Repeat("a", 5000), "(.-)%1%1%1%1b"},
		{strings.Repeat("(", 20000), "%b()"},
		{strings.Repeat("a", 30), "a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?" + strings.Repeat("a", 30) + "b"},
	}
	for _, b := range bombs {
		steps := int64(200_000)
		_, ok, err := Find(b.src, b.pat, 0, &steps)
		if !errors.Is(err, ErrBudget) || ok {
			t.Errorf("Find(%.20q..., %q): ok=%v err=%v, want ErrBudget", b.src, b.pat, ok, err)
		}
		if steps != 0 {
			t.Errorf("steps left %d after exhaustion, want 0", steps)
		}
	}
	if ErrBudget.Error() != "pattern too complex (step budget exceeded)" {
		t.Errorf("ErrBudget text %q", ErrBudget)
	}
}

func TestBudgetDeterministic(t *testing.T) {
	var used []int64
	for i := 0; i < 3; i++ {
		steps := int64(1_000_000)
		if _, _, err := Find(strings.Repeat("ab", 50)+"c", "(a.-)b%1.-c$", 0, &steps); err != nil {
			t.Fatal(err)
		}
		used = append(used, 1_000_000-steps)
	}
	if used[0] != used[1] || used[1] != used[2] || used[0] == 0 {
		t.Fatalf("step counts differ or are zero: %v", used)
	}
	// The exact allowance that suffices is the count used; one less fails.
	steps := used[0]
	if _, ok, err := Find(strings.Repeat("ab", 50)+"c", "(a.-)b%1.-c$", 0, &steps); err != nil || !ok || steps != 0 {
		t.Fatalf("with exact allowance: ok=%v err=%v left=%d", ok, err, steps)
	}
	steps = used[0] - 1
	if _, _, err := Find(strings.Repeat("ab", 50)+"c", "(a.-)b%1.-c$", 0, &steps); !errors.Is(err, ErrBudget) {
		t.Fatalf("with one step less: err=%v", err)
	}
}

func TestDepth(t *testing.T) {
	src := strings.Repeat("a", 300)
	_, _, err := Find(src, strings.Repeat("a?", 250), 0, nil)
	if !errors.Is(err, ErrTooComplex) {
		t.Fatalf("deep pattern: err=%v, want ErrTooComplex", err)
	}
	if ErrTooComplex.Error() != "pattern too complex" {
		t.Errorf("ErrTooComplex text %q", ErrTooComplex)
	}
	// The same pattern on an empty subject needs no recursion.
	if _, ok, err := Find("", strings.Repeat("a?", 250), 0, nil); err != nil || !ok {
		t.Fatalf("empty subject: ok=%v err=%v", ok, err)
	}
}

func TestClasses(t *testing.T) {
	classes := map[byte]func(c byte) bool{
		'a': func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' },
		'c': func(c byte) bool { return c < 32 || c == 127 },
		'd': func(c byte) bool { return c >= '0' && c <= '9' },
		'l': func(c byte) bool { return c >= 'a' && c <= 'z' },
		'p': func(c byte) bool { return strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0 },
		's': func(c byte) bool { return strings.IndexByte(" \t\n\v\f\r", c) >= 0 },
		'u': func(c byte) bool { return c >= 'A' && c <= 'Z' },
		'w': func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' },
		'x': func(c byte) bool { return strings.IndexByte("0123456789abcdefABCDEF", c) >= 0 },
		'z': func(c byte) bool { return c == 0 },
	}
	for letter, pred := range classes {
		for _, cl := range []string{"%" + string(letter), "[%" + string(letter) + "]"} {
			upper := strings.ToUpper(cl)
			for c := 0; c < 256; c++ {
				s := string([]byte{byte(c)})
				_, ok, err := Find(s, "^"+cl+"$", 0, nil)
				_, okU, errU := Find(s, "^"+upper+"$", 0, nil)
				if err != nil || errU != nil {
					t.Fatal(err, errU)
				}
				if ok != pred(byte(c)) || okU == ok {
					t.Errorf("%s on byte %d: %v, %s: %v", cl, c, ok, upper, okU)
				}
			}
		}
	}
}

// FuzzFind checks that no pattern panics and that every result lies within
// the subject. Its seeds run with plain `go test`.
func FuzzFind(f *testing.F) {
	for _, c := range findCases {
		f.Add(c.src, c.pat, c.init)
	}
	f.Add("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", ".-.-.-.-.-.-.-.-.-.-b", 0)
	f.Add("x(y(z)w)v", "(%b())()%f[%w]", 2)
	f.Add("]]]", "[]]-[^%]]", -3)
	f.Add("abc", "[%", 0)
	f.Add("abc", "(()(%1))", 0)
	f.Fuzz(func(t *testing.T, src, pat string, init int) {
		const allowance = 100_000
		steps := int64(allowance)
		m, ok, err := Find(src, pat, init, &steps)
		if steps < 0 || steps > allowance {
			t.Fatalf("steps left %d", steps)
		}
		if err != nil {
			if ok {
				t.Fatal("ok with an error")
			}
			return
		}
		lo := clampInit(init, len(src))
		// A pattern without magic characters is a plain substring search.
		if !strings.ContainsAny(pat, "^$*+?.([%-)") {
			i := strings.Index(src[lo:], pat)
			if (i >= 0) != ok || (ok && i != m.Start-lo) {
				t.Fatalf("plain pattern: found=%v at %d, strings.Index says %d", ok, m.Start, i)
			}
		}
		if !ok {
			return
		}
		if m.Start < lo || m.Start > m.End || m.End > len(src) {
			t.Fatalf("match %d..%d outside %d..%d", m.Start, m.End, lo, len(src))
		}
		p, _ := Compile(pat)
		if len(m.Captures) != p.NumCaptures() {
			t.Fatalf("%d captures, pattern has %d", len(m.Captures), p.NumCaptures())
		}
		for _, c := range m.Captures {
			if c.Start < 0 || c.Start > c.End || c.End > len(src) {
				t.Fatalf("capture %+v outside the subject", c)
			}
			if !c.Position && !c.Unfinished && (c.Start < m.Start || c.End > m.End) {
				t.Fatalf("capture %+v outside the match %d..%d", c, m.Start, m.End)
			}
		}
		// Matching again at the start must give the same result.
		steps2 := int64(allowance)
		m2, ok2, err2 := p.MatchAt(src, m.Start, &steps2)
		if err2 == nil && (!ok2 || m2.End != m.End) {
			t.Fatalf("MatchAt(%d) = %+v %v, Find gave %+v", m.Start, m2, ok2, m)
		}
	})
}

func TestAddRange(t *testing.T) {
	for lo := 0; lo < 256; lo++ {
		for hi := 0; hi < 256; hi++ {
			var got, want charSet
			got.addRange(byte(lo), byte(hi))
			for c := lo; c <= hi; c++ {
				want.add(byte(c))
			}
			if got != want {
				t.Fatalf("addRange(%d, %d) = %x, want %x", lo, hi, got, want)
			}
		}
	}
}
