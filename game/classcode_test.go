package game

import (
	"regexp"
	"testing"
)

// FuzzValidClassCode checks that validClassCode accepts exactly what the
// expression it replaces matches (the game links no regexp: size_test.go).
func FuzzValidClassCode(f *testing.F) {
	re := regexp.MustCompile("^[ACDEFGHJKMNPQRTWXY34679]{6}$")
	for _, s := range []string{"", "A", "\xff", "\n", "ACDEFG", "ACDEF", "ACDEFGH", "34679A",
		"acdefg", "ABCDEF", "ACDEF0", "ACDEF1", "ACDEF ", " ACDEF", "ACDEFG\n", "ÀCDEFG", "ACDE\xffG"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := validClassCode(s), re.MatchString(s); got != want {
			t.Fatalf("%q: got %v, the expression says %v", s, got, want)
		}
	})
}
