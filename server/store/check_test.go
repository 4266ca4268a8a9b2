package store

import "testing"

func TestFoldPseudonym(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"Zoé", "zoé", true},
		{"Zoé", "ZOÉ", true},
		{"Zoé", "Zoe\u0301", true}, // decomposed accent
		{"ZOE\u0301", "zoé", true},
		{"Kim", "\u212aim", true},   // Kelvin sign
		{"σοφία", "ΣΟΦΊΑ", true},    // Greek, with tonos
		{"ς", "σ", true},            // final sigma
		{"Straße", "STRASSE", true}, // full case folding
		{"Zoé", "Zoe", true},        // accents folded
		{"İlkay", "ilkay", true},    // the dot is a mark
		{"a b", "ab", true},         // separators ignored
		{"\u0410lice", "Alice", true},
		{"Alice", "Alicia", false},
	}
	for _, tc := range tests {
		if got := FoldPseudonym(tc.a) == FoldPseudonym(tc.b); got != tc.same {
			t.Errorf("FoldPseudonym(%q) == FoldPseudonym(%q): %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}
