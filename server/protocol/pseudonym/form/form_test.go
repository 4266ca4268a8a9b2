package form

import (
	"strings"
	"testing"
)

// TestCheck covers the clients' form rules; the parent package checks
// them against the server's on its whole table and in its fuzz target.
func TestCheck(t *testing.T) {
	tests := []struct {
		p    string
		rule Rule // "" when accepted
	}{
		{"Renard-Bleu-42", ""},
		{"Élan_Jaune", ""},
		{"Zoé", ""},
		{"Admin", ""}, // the blocklist is the server's
		{"\xff\xfeabc", RuleEncoding},
		{"   ", RuleBlank},
		{"\u3164\u3164\u3164", RuleBlank},
		{"Al\u200bice", RuleInvisible},
		{"ab", RuleLength},
		{strings.Repeat("é", 25), RuleLength},
		{"-abc", RuleCharacters},
		{"a<b>c", RuleCharacters},
		// Past U+0300 the composed length needs tables: left to the server.
		{"Zoe\u0301", ""},
		{strings.Repeat("東", 25), ""},
		{"東京<>", ""},
		{"東京\u200b", RuleInvisible}, // the rules before the length still apply
	}
	for _, tt := range tests {
		err := Check(tt.p)
		if got := RuleOf(err); got != tt.rule {
			t.Errorf("Check(%q) = %v, want rule %q", tt.p, err, tt.rule)
		}
		if err != nil && !strings.Contains(err.Error(), string(tt.rule)+" rule") {
			t.Errorf("Check(%q) = %q: the message does not name the rule", tt.p, err)
		}
	}
}
