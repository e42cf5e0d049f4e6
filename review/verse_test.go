package review

import (
	"testing"

	"lawreview/corpus/segment"
)

func TestJoinVerse(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		// A verse line is one sentence: its semicolons end half-lines.
		{"外嫁女，户虽在；分红款，不再给。\n建新房，先申请；批了地，再动工。",
			[]string{"外嫁女，户虽在；分红款，不再给。", "建新房，先申请；批了地，再动工。"}},
		// Prose keeps its semicolons as sentence ends.
		{"村民应当保持房前屋后整洁；生活垃圾投放到指定收集点。",
			[]string{"村民应当保持房前屋后整洁；", "生活垃圾投放到指定收集点。"}},
		// Two short pieces are a list, not verse.
		{"（一）无宅基地的；（二）确需分户的。", []string{"（一）无宅基地的；", "（二）确需分户的。"}},
	}
	for _, tt := range tests {
		runes := []rune(tt.text)
		var got []string
		for _, s := range joinVerse(runes, segment.Sentences(tt.text)) {
			got = append(got, s.Text)
		}
		if len(got) != len(tt.want) {
			t.Errorf("joinVerse(%q) = %q, want %q", tt.text, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("joinVerse(%q)[%d] = %q, want %q", tt.text, i, got[i], tt.want[i])
			}
		}
	}
}

// TestSeveralPlacesPerSentence: a sentence rule reports each offending
// clause of one sentence, not only the first.
func TestSeveralPlacesPerSentence(t *testing.T) {
	e := testEngine(t)
	tests := []struct {
		typ, text, rule string
		want            int
	}{
		{"村规民约", "乱倒垃圾的罚款五十元，损坏路灯的罚款二百元，并在公告栏张贴其姓名。", "vr-fine", 2},
		{"村规民约", "红白喜事不罚款，乱倒垃圾的罚款五十元。", "vr-fine", 1},
		{"村规民约", "违者由有关部门依法处理。", "vr-fine", 0},
	}
	for _, tt := range tests {
		rep, err := e.Review(Input{Text: tt.text}, Options{Type: tt.typ, At: reviewDate})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range rep.Findings {
			if f.Rule == tt.rule {
				n++
			}
		}
		if n != tt.want {
			t.Errorf("%q: %d %s findings, want %d", tt.text, n, tt.rule, tt.want)
		}
	}
}
