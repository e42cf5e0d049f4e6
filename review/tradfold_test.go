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

func TestStripRomanisation(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"關(guān)於實(shí)施全域火葬的通告", "關於實施全域火葬的通告"},
		{"違者罰(fá)款（kuǎn）伍佰元。", "違者罰款伍佰元。"},
		// Numbering, units, plain words in brackets and annotations without
		// a tone mark stay: they may be the document's own.
		{"第(a)项，长度(cm)，见(附件)，(ma)", "第(a)项，长度(cm)，见(附件)，(ma)"},
		{"村民 (fá) 大会", "村民 (fá) 大会"},
		{"", ""},
	} {
		got, at := stripRomanisation(c.in)
		if got != c.want {
			t.Errorf("stripRomanisation(%q) = %q; want %q", c.in, got, c.want)
		}
		if (at == nil) != (c.in == c.want) {
			t.Errorf("stripRomanisation(%q): offset map %v", c.in, at)
		}
		in, out := []rune(c.in), []rune(got)
		for i := range out {
			if at != nil && in[at[i]] != out[i] {
				t.Errorf("stripRomanisation(%q): rune %d maps to %q, not %q", c.in, i, in[at[i]], out[i])
			}
		}
	}
}

// A notice in traditional characters, or from a mirror that prints pinyin
// after every traditional character, is reviewed as its plain simplified
// form would be, and quoted, placed and titled as written.
func TestReviewAsWritten(t *testing.T) {
	e := testEngine(t)
	for _, c := range []struct{ name, text, title, quote string }{
		{"traditional", "某村村規民約\n一、亂倒垃圾的，每次罰款50元。\n", "某村村規民約", "罰款"},
		{"romanised", "某村村規(guī)民約\n一、亂(luàn)倒垃圾的，每次罰(fá)款50元。\n二、愛護公物。\n", "某村村規(guī)民約", "罰(fá)款"},
	} {
		rep, err := e.Review(Input{Text: c.text}, Options{Type: "村规民约"})
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, c.name, rep)
		if rep.Text != c.text || rep.Title != c.title {
			t.Errorf("%s: report text/title changed: %q / %q", c.name, rep.Text, rep.Title)
		}
		var found bool
		for _, f := range rep.Findings {
			if f.Rule == "vr-fine" {
				found = true
				if !strings.Contains(f.Quote, c.quote) || f.Line != 2 {
					t.Errorf("%s: quote %q line %d; want the document's own %s on line 2", c.name, f.Quote, f.Line, c.quote)
				}
			}
		}
		if !found {
			t.Errorf("%s: vr-fine not found: %+v", c.name, rep.Findings)
		}
	}
}
