package review

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFoldTraditional(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"禁燃領導小組城西執法組", "禁燃领导小组城西执法组"},
		{"違者處以罰款伍佰元。", "违者处以罚款伍佰元。"},
		{"關於禁止燃放煙花爆竹的通告", "关于禁止燃放烟花爆竹的通告"},
		// Simplified text, and characters that are simplified in their own
		// right (干, 后, 面, 著作权), are left as written.
		{"村民委员会不得罚款，著作权法第五条，干部后面", "村民委员会不得罚款，著作权法第五条，干部后面"},
		{"", ""},
	} {
		got, changed := foldTraditional(c.in)
		if got != c.want || changed != (c.in != c.want) {
			t.Errorf("foldTraditional(%q) = %q, %v; want %q", c.in, got, changed, c.want)
		}
		if utf8.RuneCountInString(got) != utf8.RuneCountInString(c.in) {
			t.Errorf("foldTraditional(%q) changed the rune count", c.in)
		}
	}
}

// A notice in traditional characters is reviewed as its simplified form
// would be, and quoted as written.
func TestReviewTraditional(t *testing.T) {
	e := testEngine(t)
	const trad = "某村村規民約\n一、亂倒垃圾的，每次罰款50元。\n"
	rep, err := e.Review(Input{Text: trad}, Options{Type: "村规民约"})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, "traditional", rep)
	if rep.Text != trad || rep.Title != "某村村規民約" {
		t.Errorf("report text/title folded: %q / %q", rep.Text, rep.Title)
	}
	var found bool
	for _, f := range rep.Findings {
		if f.Rule == "vr-fine" {
			found = true
			if !strings.Contains(f.Quote, "罰款") {
				t.Errorf("quote %q does not keep the document's own 罰款", f.Quote)
			}
		}
	}
	if !found {
		t.Errorf("vr-fine not found on the traditional text: %+v", rep.Findings)
	}
}
