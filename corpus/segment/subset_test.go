package segment

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// subsetDir is one dictionary directory for every subset segmenter of the
// tests (unpacked once).
var subsetDir = sync.OnceValue(func() string {
	d, err := os.MkdirTemp("", "lawreview-subset-test-")
	if err != nil {
		panic(err)
	}
	return d
})

func TestMain(m *testing.M) {
	code := m.Run()
	os.RemoveAll(subsetDir())
	os.Exit(code)
}

func openSubset(t testing.TB) *Segmenter {
	t.Helper()
	s, err := OpenSubset(subsetDir())
	if err != nil {
		t.Fatal(err)
	}
	if s.sub.whole {
		t.Fatal("subset segmenter without a word table")
	}
	return s
}

// sameCut compares every way of cutting text with the whole dictionary
// and with s.
func sameCut(t *testing.T, whole, s *Segmenter, name, text string) {
	t.Helper()
	for mode, cut := range map[string][2]func(string) []Token{
		"precise":     {whole.Cut, s.Cut},
		"search":      {whole.CutForSearch, s.CutForSearch},
		"searchBytes": {whole.CutForSearchBytes, s.CutForSearchBytes},
	} {
		if w, g := cut[0](text), cut[1](text); !slices.Equal(w, g) {
			t.Fatalf("%s, %s mode: the subset cuts differently\n got %v\nwant %v", name, mode, g, w)
		}
	}
}

// evalTexts are the evaluation drafts and the default corpus's law files.
func evalTexts(t *testing.T) map[string]string {
	out := map[string]string{}
	for _, pattern := range []string{"../../testdata/eval/*.txt", "../default/*/*.md"} {
		files, err := filepath.Glob(pattern)
		if err != nil || len(files) == 0 {
			t.Fatalf("no files for %s: %v", pattern, err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out[filepath.Base(f)] = string(b)
		}
	}
	return out
}

// A subset segmenter cuts every draft and law text exactly as the whole
// dictionary does: the text itself, its sentences afterwards (no reload),
// and for some a second text (a reload with the union of both).
func TestSubsetCutsAsWhole(t *testing.T) {
	whole := shared(t)
	texts := evalTexts(t)
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range texts {
			if !yield(n) {
				return
			}
		}
	})
	for i, name := range names {
		s := openSubset(t)
		text := texts[name]
		sameCut(t, whole, s, name, text)
		loads := s.sub.loads
		for _, sp := range Sentences(text) {
			sameCut(t, whole, s, name+" sentence", sp.Text)
		}
		if s.sub.loads != loads {
			t.Errorf("%s: its sentences took %d reloads", name, s.sub.loads-loads)
		}
		if i%4 == 0 { // a reload with the union of two texts
			other := names[(i+1)%len(names)]
			sameCut(t, whole, s, name+" then "+other, texts[other])
		}
		if s.sub.whole || s.sub.count == 0 {
			t.Errorf("%s: subset of %d words, whole %v", name, s.sub.count, s.sub.whole)
		}
	}
}

// Texts the table does not cover are cut with the whole dictionary, and
// still the same way.
func TestSubsetOddTexts(t *testing.T) {
	whole := shared(t)
	for _, text := range []string{
		"",
		"罚款\x00没收",
		"违者罚款２００元，ＡＢＣ　公司",
		"invalid \xff\xfe 罚款",
		"含有\uFDD0\uFDD1的文字",
		"abc 123 AT&T c# B超",
	} {
		s := openSubset(t)
		sameCut(t, whole, s, fmt.Sprintf("%q", text), text)
	}
	// Reloading for text after text: once the reloads have cost a whole
	// load, the whole dictionary.
	s := openSubset(t)
	for name, text := range evalTexts(t) {
		sameCut(t, whole, s, name, text)
		if s.sub.whole {
			break
		}
	}
	if !s.sub.whole || s.sub.spent < s.sub.table.n {
		t.Errorf("after %d reloads of %d words in all: whole %v", s.sub.loads, s.sub.spent, s.sub.whole)
	}
}

// Texts announced with Cover are loaded with the next load: cutting them
// later needs no reload, and cuts them as the whole dictionary does.
func TestSubsetCover(t *testing.T) {
	whole := shared(t)
	texts := evalTexts(t)
	first, later := texts["cgmy-01.txt"], texts["gfxwj-09.txt"]
	var rest []string // announced in several parts and calls, as a review does
	for name, text := range texts {
		if name != "cgmy-01.txt" && name != "gfxwj-09.txt" {
			rest = append(rest, text)
		}
	}
	s := openSubset(t)
	s.Cover(later, "第二条　罚款")
	// A text that is not UTF-8 cannot be cut with a subset: announcing it
	// must neither load it nor turn the segmenter into the whole one.
	s.Cover(append(rest, "\xff罚款", "", "违者罚款")...)
	sameCut(t, whole, s, "first", first)
	loads := s.sub.loads
	sameCut(t, whole, s, "announced", later)
	for _, sp := range Sentences(later) {
		sameCut(t, whole, s, "announced sentence", sp.Text)
	}
	for _, text := range rest {
		sameCut(t, whole, s, "announced later", text)
	}
	if s.sub.loads != loads || s.sub.whole {
		t.Errorf("announced texts took %d reloads (whole: %v)", s.sub.loads-loads, s.sub.whole)
	}
	whole.Cover(first) // a whole dictionary has nothing to load
}

func TestSubsetConcurrentCut(t *testing.T) {
	whole := shared(t)
	s := openSubset(t)
	clauses := []string{"村民委员会不得对村民处以罚款。", "违者由乡镇人民政府责令改正。", "外嫁女不得享受集体经济收益分配。"}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 20 {
				text := clauses[(g+i)%len(clauses)]
				if got, want := texts(s.Cut(text)), texts(whole.Cut(text)); !slices.Equal(got, want) {
					t.Errorf("concurrent Cut = %q, want %q", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestWordTable(t *testing.T) {
	dict := "罚款 300 v\n违者 20 n\n罚 50 v\n罚款 7 n\n"
	b, err := buildWordTable([]byte(dict))
	if err != nil {
		t.Fatal(err)
	}
	tab, err := openWordTable(b, []byte(dict))
	if err != nil {
		t.Fatal(err)
	}
	if tab.freqSum != 377 || tab.minFreq != 7 || tab.medianFreq != 50 || tab.maxRunes != 2 {
		t.Errorf("sum %d min %d median %d longest %d", tab.freqSum, tab.minFreq, tab.medianFreq, tab.maxRunes)
	}
	var got []string
	tab.collect("违者罚款，罚", func(l int) { got = append(got, string(tab.line(l))) })
	// 罚款 is indexed at its last line, the one cppjieba's trie keeps.
	want := []string{"违者 20 n", "罚 50 v", "罚款 7 n", "罚 50 v"}
	if !slices.Equal(got, want) {
		t.Errorf("collect = %q, want %q", got, want)
	}
	for _, bad := range []string{"", "罚款 300\n", "罚款 x v\n", "罚款 0 v\n", "\uFDD0 3 x\n"} {
		if _, err := buildWordTable([]byte(bad)); !errors.Is(err, errNoTable) {
			t.Errorf("%q: got %v", bad, err)
		}
	}
	if _, err := openWordTable(b, []byte(dict+"多 1 n\n")); !errors.Is(err, errNoTable) {
		t.Errorf("table opened against another dictionary: %v", err)
	}
	if _, err := openWordTable(b[:len(b)-1], []byte(dict)); !errors.Is(err, errNoTable) {
		t.Errorf("truncated table opened: %v", err)
	}
}

// FuzzSubsetCut: any text is cut by a subset segmenter as by the whole
// dictionary.
func FuzzSubsetCut(f *testing.F) {
	for _, s := range []string{"违者罚款200元", "ＡＢＣ罚款", "\xff罚", "\uFDD0", "村规民约经村民会议讨论通过"} {
		f.Add(s)
	}
	whole := shared(f)
	f.Fuzz(func(t *testing.T, text string) {
		sameCut(t, whole, openSubset(t), fmt.Sprintf("%q", text), text)
	})
}

func BenchmarkSubsetFirstCut(b *testing.B) {
	text := strings.Repeat("第三条　村民应当遵守本公约，违者罚款200元。外嫁女不得享受分红。", 100)
	for b.Loop() {
		s, err := OpenSubset(subsetDir())
		if err != nil {
			b.Fatal(err)
		}
		s.Cut(text)
		s.sub.jieba.Free()
	}
}
