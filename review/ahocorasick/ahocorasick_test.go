package ahocorasick

import (
	"slices"
	"strings"
	"testing"
)

func TestMatcher(t *testing.T) {
	patterns := []string{"罚款", "处以罚款", "款", "以罚", "违者", "a", "ab", "bab", ""}
	m := New(patterns)
	for _, text := range []string{"", "违者处以罚款200元", "abab", "罚", "款罚款", "xyz", "处以罚"} {
		got := map[int32]bool{}
		m.Scan(text, func(id int32) { got[id] = true })
		for i, p := range patterns {
			if want := p != "" && strings.Contains(text, p); got[int32(i)] != want {
				t.Errorf("%q in %q: reported %v, want %v", p, text, got[int32(i)], want)
			}
		}
	}
}

// FuzzMatcher: the automaton reports exactly the patterns that
// strings.Contains finds.
func FuzzMatcher(f *testing.F) {
	f.Add("罚款|处以罚款|款|违者", "违者处以罚款200元")
	f.Add("a|ab|bab|b", "abab")
	f.Add("\xff|\xff\xfe", "\xff\xfe\xff")
	f.Fuzz(func(t *testing.T, pats, text string) {
		patterns := strings.Split(pats, "|")
		if len(patterns) > 64 {
			return
		}
		m := New(patterns)
		got := map[int32]bool{}
		m.Scan(text, func(id int32) { got[id] = true })
		for i, p := range patterns {
			// A pattern listed twice is reported under its last index.
			last := slices.Index(patterns[i+1:], p) < 0
			if want := p != "" && last && strings.Contains(text, p); got[int32(i)] != want {
				t.Errorf("%q in %q: reported %v, want %v", p, text, got[int32(i)], want)
			}
		}
	})
}
