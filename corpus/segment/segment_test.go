package segment

import (
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

func shared(t testing.TB) *Segmenter {
	t.Helper()
	s, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func texts(toks []Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out
}

// Stock jieba keeps 违者罚款 as one word; the shipped dictionary must let
// both modes see 罚款 on its own, or neither rules nor searches find it.
func TestLegalDictionarySplitsFines(t *testing.T) {
	s := shared(t)
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"违者罚款200元", []string{"罚款"}},
		{"对外嫁女不予分配集体经济收益", []string{"外嫁女", "集体经济收益"}},
		{"本村规民约经村民会议讨论通过", []string{"村民会议"}},
		{"依法进行合法性审查", []string{"合法性审查"}},
	} {
		for mode, cut := range map[string]func(string) []Token{"precise": s.Cut, "search": s.CutForSearch} {
			got := texts(cut(tc.text))
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("%s(%q) = %q, missing %q", mode, tc.text, got, w)
				}
			}
		}
	}
}

func TestOffsetsAreRunes(t *testing.T) {
	s := shared(t)
	text := "第三条　村民应当遵守本公约，违者罚款200元。\n第四条 外嫁女不得享受分红。"
	runes := []rune(text)
	for mode, cut := range map[string]func(string) []Token{"precise": s.Cut, "search": s.CutForSearch} {
		toks := cut(text)
		if len(toks) == 0 {
			t.Fatalf("%s: no tokens", mode)
		}
		for _, tk := range toks {
			if got := string(runes[tk.Start:tk.End]); got != tk.Text {
				t.Errorf("%s: token %q at [%d,%d) reads %q", mode, tk.Text, tk.Start, tk.End, got)
			}
		}
	}
	// Precise mode covers every rune exactly once, in order.
	pos := 0
	for _, tk := range s.Cut(text) {
		if tk.Start != pos {
			t.Fatalf("precise token %q starts at %d, want %d", tk.Text, tk.Start, pos)
		}
		pos = tk.End
	}
	if pos != len(runes) {
		t.Fatalf("precise tokens end at %d, want %d", pos, len(runes))
	}
}

func TestEmptyAndNUL(t *testing.T) {
	s := shared(t)
	if got := s.Cut(""); len(got) != 0 {
		t.Errorf("Cut(\"\") = %v", got)
	}
	toks := s.Cut("罚款\x00没收")
	if len(toks) == 0 || toks[len(toks)-1].End != 5 {
		t.Errorf("NUL input: %v", toks)
	}
}

// One jieba instance serves every request; run many goroutines under -race.
func TestConcurrentCut(t *testing.T) {
	s := shared(t)
	text := "村民委员会不得对村民处以罚款，违者由乡镇人民政府责令改正。"
	want := texts(s.Cut(text))
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				if got := texts(s.Cut(text)); !slices.Equal(got, want) {
					t.Errorf("concurrent Cut = %q, want %q", got, want)
					return
				}
				s.CutForSearch(text)
			}
		}()
	}
	wg.Wait()
}

func TestSentencesAndClauses(t *testing.T) {
	text := "第一条　为了规范管理，制定本公约。\r\n第二条 村民应当：（一）遵守法律；（二）爱护环境！\n\n“违者罚款。”第三条"
	for _, tc := range []struct {
		name  string
		split func(string) []Span
		want  []string
	}{
		{"sentences", Sentences, []string{"第一条　为了规范管理，制定本公约。", "第二条 村民应当：（一）遵守法律；", "（二）爱护环境！", "“违者罚款。”", "第三条"}},
		{"clauses", Clauses, []string{"第一条　为了规范管理，", "制定本公约。", "第二条 村民应当：", "（一）遵守法律；", "（二）爱护环境！", "“违者罚款。”", "第三条"}},
	} {
		spans := tc.split(text)
		var got []string
		runes := []rune(text)
		for _, sp := range spans {
			got = append(got, sp.Text)
			if string(runes[sp.Start:sp.End]) != sp.Text {
				t.Errorf("%s: span %q at [%d,%d) reads %q", tc.name, sp.Text, sp.Start, sp.End, string(runes[sp.Start:sp.End]))
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s = %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func BenchmarkCutForSearch(b *testing.B) {
	s := shared(b)
	text := "第二十七条　村民自治章程、村规民约以及村民会议或者村民代表会议的决定不得与宪法、法律、法规和国家的政策相抵触，不得有侵犯村民的人身权利、民主权利和合法财产权利的内容。"
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		s.CutForSearch(text)
	}
}

// CutForSearchBytes is CutForSearch with byte offsets: the same words, each
// reading back from the text at its byte offsets.
func TestCutForSearchBytes(t *testing.T) {
	s := shared(t)
	for _, text := range []string{
		"第三条　村民应当遵守本公约，违者罚款200元。\n第四条 外嫁女不得享受分红。",
		"罚款\x00没收",
		"",
	} {
		byRune, byByte := s.CutForSearch(text), s.CutForSearchBytes(text)
		if !slices.Equal(texts(byRune), texts(byByte)) {
			t.Errorf("%q: words %q, want %q", text, texts(byByte), texts(byRune))
		}
		for _, tk := range byByte {
			// A NUL is cut as the space that stands in for it.
			if got := text[tk.Start:tk.End]; got != tk.Text && !(tk.Text == " " && got == "\x00") {
				t.Errorf("%q: token %q at bytes [%d,%d) reads %q", text, tk.Text, tk.Start, tk.End, got)
			}
		}
	}
}

// A version directory counts only once it is marked ready: a crash while
// unpacking leaves it unmarked, and the next start writes every file again.
func TestUnpackRewritesUnfinishedDirectory(t *testing.T) {
	dir := t.TempDir()
	paths, err := unpack(dir)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(paths[0])
	if err != nil || len(want) == 0 {
		t.Fatalf("main dictionary not written: %v", err)
	}
	ready := filepath.Join(filepath.Dir(paths[0]), readyName)
	if _, err := os.Stat(ready); err != nil {
		t.Fatalf("not marked ready: %v", err)
	}
	// Simulate a crash mid-unpack: a truncated dictionary, no marker.
	os.Remove(ready)
	if err := os.WriteFile(paths[0], want[:10], 0o644); err != nil {
		t.Fatal(err)
	}
	again, err := unpack(dir)
	if err != nil || again != paths {
		t.Fatalf("second unpack: %v, %v vs %v", err, again, paths)
	}
	if got, _ := os.ReadFile(paths[0]); len(got) != len(want) {
		t.Fatalf("truncated dictionary not rewritten: %d bytes, want %d", len(got), len(want))
	}
	if _, err := os.Stat(ready); err != nil {
		t.Fatalf("not marked ready after rewrite: %v", err)
	}
}

// A ByteCutter's words are AppendCutForSearchBytes's, text and offsets,
// over texts of every kind the index meets, and one cutter reused.
func TestByteCutter(t *testing.T) {
	s := shared(t)
	c := s.NewByteCutter()
	if c.handle == nil {
		t.Fatal("the cutter does not call jieba directly")
	}
	texts := []string{
		"第三条　村民应当遵守本公约，违者罚款200元。\n第四条 外嫁女不得享受分红。",
		"中华人民共和国行政处罚法第十六条规定：ABC公司、Ｘ市人民政府",
		"罚款\x00没收",
		"短",
		"",
		"  \t\n",
		"依照《中华人民共和国土地管理法》规定，给予警告，并处一万元以上十万元以下的罚款。",
	}
	for _, text := range texts {
		want := s.AppendCutForSearchBytes(nil, text)
		got := c.AppendCutForSearch([]Token{{Text: "前"}}, text)
		if len(got) == 0 || got[0].Text != "前" {
			t.Fatalf("%q: dst not appended to: %v", text, got)
		}
		if !slices.Equal(got[1:], want) {
			t.Errorf("%q: words %v, want %v", text, got[1:], want)
		}
	}
	// All at once, twice (the cutter's buffers reused), and in runs that
	// start after a NUL and after an empty text.
	for _, run := range [][]string{texts, texts, texts[2:], texts[4:5], nil} {
		var want []Token
		var wantEnds []int
		for _, text := range run {
			want = s.AppendCutForSearchBytes(want, text)
			wantEnds = append(wantEnds, len(want))
		}
		got, ends := c.AppendCutForSearchAll([]Token{{Text: "前"}}, []int{-1}, run)
		for i := range wantEnds {
			wantEnds[i]++
		}
		if len(got) == 0 || got[0].Text != "前" || len(ends) == 0 || ends[0] != -1 {
			t.Fatalf("dst or ends not appended to: %v %v", got, ends)
		}
		if !slices.Equal(got[1:], want) || !slices.Equal(ends[1:], wantEnds) {
			t.Errorf("all %d texts: words %v ends %v, want %v ends %v", len(run), got[1:], ends[1:], want, wantEnds)
		}
	}
}
