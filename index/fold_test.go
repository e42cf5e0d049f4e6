package index

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// foldWidthBytes is the index builder's foldWidth: the same bytes for any
// input, valid UTF-8 or not, and its input itself when nothing folds.
func FuzzFoldWidthBytes(f *testing.F) {
	for _, s := range []string{"", "罚款２００元，（一）", "Ａpp\u3000APP", "ＡＺａｚ！～｀＿＠［］｛｝",
		"\xef\xbc", "\xef\xbc\x80", "\xef\xbd\x9f", "\xe3\x80\x81", "，\xff，", "abc", "\xef\xbc\x8c"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		orig := bytes.Clone(in)
		got := foldWidthBytes(in)
		want := []byte(foldWidth(string(in)))
		if !bytes.Equal(got, want) {
			t.Fatalf("foldWidthBytes(%q) = %q, want %q", in, got, want)
		}
		if !bytes.Equal(in, orig) {
			t.Fatalf("foldWidthBytes wrote to its input %q", orig)
		}
		if bytes.Equal(got, in) && len(in) > 0 && &got[0] != &in[0] {
			t.Fatalf("foldWidthBytes(%q) copied what did not fold", in)
		}
	})
}

// maybeStopWord never misses a stop word, and spares the map lookup for
// most Han characters.
func TestMaybeStopWord(t *testing.T) {
	for w := range stopWords {
		if allHan([]byte(w)) && !maybeStopWord([]byte(w)) {
			t.Errorf("stop word %q not flagged", w)
		}
	}
	flagged := 0
	for r := rune(0x4E00); r <= 0x9FFF; r++ {
		b := utf8.AppendRune(nil, r)
		if maybeStopWord(b) {
			flagged++
		}
		if maybeStopWord(append(b, "法律法规"...)) {
			t.Errorf("%q of more than %d bytes flagged", r, stopMaxLen)
		}
	}
	if flagged > 200 {
		t.Errorf("%d Han characters flagged, want the stop words' leads only", flagged)
	}
}

// BenchmarkFoldWidth compares the index analyzer's fold of an article
// (foldWidthBytes) with what it replaced: a string copy, foldWidth and a
// byte copy, over the articles BenchmarkBuildParts analyses.
func BenchmarkFoldWidth(b *testing.B) {
	refs := buildBenchRefs(b)
	texts := make([][]byte, len(refs))
	for k, r := range refs {
		texts[k] = []byte(r.law.Articles[r.i].Text)
	}
	b.Run("bytes", func(b *testing.B) {
		for b.Loop() {
			for _, t := range texts {
				foldWidthBytes(t)
			}
		}
	})
	b.Run("strings", func(b *testing.B) {
		for b.Loop() {
			for _, t := range texts {
				s := string(t)
				if f := foldWidth(s); f != s {
					_ = []byte(f)
				}
			}
		}
	})
}
