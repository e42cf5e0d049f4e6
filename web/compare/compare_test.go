package compare

import (
	"reflect"
	"strings"
	"testing"
)

func kinds(ls []Line) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(map[string]string{Equal: "=", Insert: "+", Delete: "-"}[l.Kind])
	}
	return b.String()
}

func TestLines(t *testing.T) {
	cases := []struct {
		name, old, new, want string
	}{
		{"same", "a\nb\nc", "a\nb\nc", "==="},
		{"empty both", "", "", ""},
		{"from empty", "", "a\nb", "++"},
		{"to empty", "a\nb", "", "--"},
		{"change middle", "a\nb\nc", "a\nx\nc", "=-+="},
		{"insert", "a\nc", "a\nb\nc", "=+="},
		{"delete", "a\nb\nc", "a\nc", "=-="},
		{"trailing newline ignored", "a\nb\n", "a\nb", "=="},
		{"moved line", "a\nb\nc", "b\nc\na", "-==+"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := kinds(Lines(c.old, c.new)); got != c.want {
				t.Errorf("Lines(%q, %q) = %s, want %s", c.old, c.new, got, c.want)
			}
		})
	}
}

// rebuild checks the invariant every diff must keep: the equal and deleted
// lines are the old text, the equal and inserted lines the new one, and
// line numbers count up.
func rebuild(t *testing.T, old, new string, ls []Line) {
	t.Helper()
	var o, n []string
	lo, ln := 0, 0
	for _, l := range ls {
		if len(l.Spans) > 0 {
			var b strings.Builder
			for _, s := range l.Spans {
				b.WriteString(s.Text)
			}
			if b.String() != l.Text {
				t.Fatalf("spans %q do not rebuild line %q", b.String(), l.Text)
			}
		}
		if l.Kind != Insert {
			o = append(o, l.Text)
			lo++
			if l.OldLine != lo {
				t.Fatalf("old line number %d, want %d", l.OldLine, lo)
			}
		}
		if l.Kind != Delete {
			n = append(n, l.Text)
			ln++
			if l.NewLine != ln {
				t.Fatalf("new line number %d, want %d", l.NewLine, ln)
			}
		}
	}
	if !reflect.DeepEqual(o, split(old)) || !reflect.DeepEqual(n, split(new)) {
		t.Fatalf("diff does not rebuild the texts:\nold %q\nnew %q\ngot %q / %q", old, new, o, n)
	}
}

func FuzzLines(f *testing.F) {
	f.Add("第一条 村民应当遵守。\n第二条 罚款500元。", "第一条 村民应当遵守。\n第二条 批评教育。\n第三条 施行。")
	f.Add("", "a")
	f.Add("a\na\na", "a\nb\na")
	f.Fuzz(func(t *testing.T, old, new string) {
		if len(old) > 4000 || len(new) > 4000 {
			return
		}
		rebuild(t, old, new, Lines(old, new))
	})
}

func TestFindings(t *testing.T) {
	old := []Finding{
		{ID: 1, Rule: "vr-fine", Quote: "处以500元罚款"},
		{ID: 2, Rule: "vr-petition", Quote: "不得越级上访"},
		{ID: 3, Rule: "manual", Quote: "圈养"},
		{ID: 4, Rule: "manual", Quote: "已删除的话"},
		{ID: 5, Rule: "vr-women", Quote: "外嫁女不再享受分配"},
	}
	new := []Finding{
		{ID: 11, Rule: "vr-petition", Quote: "不得越级上访"},
		{ID: 12, Rule: "vr-deposit", Quote: "缴纳押金1000元"},
		{ID: 13, Rule: "vr-women", Quote: "外嫁女不再享受分配收益"}, // reworded around the old quote
	}
	c := Findings(old, new, "村民不得越级上访。家禽应当圈养。外嫁女不再享受分配收益。缴纳押金1000元。")
	if want := []int64{1, 4}; !reflect.DeepEqual(c.Resolved, want) {
		t.Errorf("resolved %v, want %v", c.Resolved, want)
	}
	if want := map[int64]int64{2: 11, 3: 0, 5: 13}; !reflect.DeepEqual(c.Still, want) {
		t.Errorf("still %v, want %v", c.Still, want)
	}
	if want := []int64{12}; !reflect.DeepEqual(c.New, want) {
		t.Errorf("new %v, want %v", c.New, want)
	}
}

func BenchmarkLines(b *testing.B) {
	var o, n strings.Builder
	for i := 0; i < 400; i++ {
		o.WriteString("第" + strings.Repeat("一", i%7+1) + "条 村民应当遵守村规民约。\n")
		if i%10 == 0 {
			n.WriteString("新增的一行。\n")
		}
		n.WriteString("第" + strings.Repeat("一", i%7+1) + "条 村民应当遵守村规民约。\n")
	}
	for b.Loop() {
		Lines(o.String(), n.String())
	}
}

func TestWordMarks(t *testing.T) {
	ls := Lines("一、对偷盗的，由村委会处以500元罚款。\n二、不变。", "一、对偷盗的，依法报公安机关处理。\n二、不变。")
	var del, ins []Span
	for _, l := range ls {
		switch l.Kind {
		case Delete:
			del = l.Spans
		case Insert:
			ins = l.Spans
		}
	}
	join := func(ss []Span, changed bool) string {
		var b strings.Builder
		for _, s := range ss {
			if s.Changed == changed {
				b.WriteString(s.Text)
			}
		}
		return b.String()
	}
	if join(del, false) != join(ins, false) || !strings.HasPrefix(join(del, false), "一、对偷盗的，") {
		t.Errorf("unchanged runs differ: %q / %q", join(del, false), join(ins, false))
	}
	if !strings.Contains(join(del, true), "罚款") || !strings.Contains(join(ins, true), "公安机关") {
		t.Errorf("changed runs %q / %q", join(del, true), join(ins, true))
	}
	// Unrelated paragraphs are not marked word by word.
	ls = Lines("甲乙丙丁戊己庚辛", "子丑寅卯辰巳午未")
	for _, l := range ls {
		if len(l.Spans) > 0 {
			t.Errorf("unrelated lines marked: %+v", l)
		}
	}
}
