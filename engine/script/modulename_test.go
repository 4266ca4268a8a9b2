package script

import (
	"regexp"
	"testing"
)

// FuzzValidModuleName checks that validModuleName accepts exactly what the
// expression it replaces matches (the browser game links no regexp:
// game/size_test.go).
func FuzzValidModuleName(f *testing.F) {
	re := regexp.MustCompile(`^[a-z0-9_]+(\.[a-z0-9_]+)*$`)
	for _, s := range []string{"", "a", "A", "_", ".", "é", "\xff", "\n", "a\n",
		"util", "lib.vec2", "a.b.c", "a..b", ".a", "a.", "a-b", "a b", "Util", "mod_1.x_2", "a.é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := validModuleName(s), re.MatchString(s); got != want {
			t.Fatalf("%q: got %v, the expression says %v", s, got, want)
		}
	})
}
