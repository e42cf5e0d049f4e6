package index

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"
)

// rankAnswers is what each query answers on ix, scores included, first
// with rankTable off (every candidate's text folded and its law's weight
// worked out anew, as rank did before the table) and then on.
func rankAnswers(t *testing.T, ix *Index, qs []Query) (before, after []string) {
	t.Helper()
	defer func() { rankTable = true }()
	for _, on := range []bool{false, true} {
		rankTable = on
		out := searchAndRelated(t, ix, qs, nil)
		if on {
			after = out
		} else {
			before = out
		}
	}
	return before, after
}

// TestRankTableSameAnswers: the table of text facts, the text as written
// for plain terms and the law weights worked out once per query answer as
// folding every candidate did, for words in Chinese characters, with
// digits, capitals, full-width forms and punctuation, and words the index
// does not hold.
func TestRankTableSameAnswers(t *testing.T) {
	ix := defaultIndex(t)
	var qs []Query
	for _, s := range []string{"罚款", "村民委员会 罚款", "没收违法所得", "禁止外嫁女参与集体收益分配", "承包地 收回",
		"1. 本村户籍人口为本村村民", "２００元 罚款", "PM2.5 排放", "一、集体财产管理", "排除限制竞争", "户无男性",
		"本法所称家庭暴力", "“处以罚款”", "行政处罚 -罚款"} {
		qs = append(qs, Query{Text: s, Size: 20}, Query{Text: s, Province: "浙江", Size: 20, From: 5})
	}
	before, after := rankAnswers(t, ix, qs)
	if !reflect.DeepEqual(before, after) {
		t.Errorf("the table changed the answers:\n%q\n%q", before, after)
	}
	if len(before) == 0 || !strings.Contains(before[0], "罚款") {
		t.Errorf("no text compared: %q", before)
	}
}

// TestRankTableSameJudged: the same for the judged queries and the first
// 300 sentences of the drafts (web/bench's clause searches), on the whole
// collection.
func TestRankTableSameJudged(t *testing.T) {
	ix, _ := fullIndex(t)
	var qs []Query
	for _, q := range loadJudged[judgedQuery](t, "queries.yaml", 60) {
		qs = append(qs, Query{Text: q.Query, Province: evalProvince, Size: 10})
	}
	sentences := clauseQueries(t) // the drafts' sentences first
	for _, s := range sentences[:min(300, len(sentences))] {
		qs = append(qs, Query{Text: s})
	}
	before, after := rankAnswers(t, ix, qs)
	for i := range before {
		if before[i] != after[i] {
			t.Errorf("%s: the table changed the answer:\n%s\n%s", qs[i].Text, before[i], after[i])
		}
	}
}

// TestFactTableKeepsFacts: facts read back from the table are the ones
// worked out, and a text of another length is not given another's.
func TestFactTableKeepsFacts(t *testing.T) {
	texts := []string{
		"本法所称家庭暴力，是指家庭成员之间以殴打、捆绑等方式实施的侵害行为。",
		"禁止任何形式的家庭暴力。\n国家鼓励……",
		"国家开展家庭美德宣传教育，提倡文明新风",
		"第１条　ＡＢＣ",
		"没有句号",
		"",
	}
	var ft factTable
	ft.words = make([]atomic.Uint64, 2*len(texts))
	for pass := range 2 {
		for i, s := range texts {
			if got, want := ft.of(uint64(i), s), factsOf(s); got != want {
				t.Errorf("pass %d, %q: %+v, want %+v", pass, s, got, want)
			}
		}
	}
	// document 0 with another text
	if got, want := ft.of(0, texts[1]), factsOf(texts[1]); got != want {
		t.Errorf("another text: %+v, want %+v", got, want)
	}
	// beyond the table
	if got, want := ft.of(99, texts[0]), factsOf(texts[0]); got != want {
		t.Errorf("beyond the table: %+v, want %+v", got, want)
	}
	if f := factsOf(texts[0]); !f.plain || !f.mayDefine || f.forbid || f.lead < 0 {
		t.Errorf("%q: %+v", texts[0], f)
	}
	if f := factsOf(texts[3]); f.plain {
		t.Errorf("%q is not plain: full-width letters fold to others", texts[3])
	}
	if f := factsOf(texts[1]); !f.forbid || f.exhort {
		t.Errorf("%q forbids: %+v", texts[1], f)
	}
	if f := factsOf(texts[2]); f.forbid || !f.exhort {
		t.Errorf("%q exhorts: %+v", texts[2], f)
	}
}

// TestPlainTextAsFolded: in a plain text a plain term stands where it
// stands in the folded text, in the text and in its first sentence, and
// the texts without punctuation are the same (what textOf relies on);
// random texts and terms over characters that fold and that do not.
func TestPlainTextAsFolded(t *testing.T) {
	// what a plain text is made of, what else folds, and what plain terms
	// are made of
	plain := []rune("村民罚款所称是指，。、；：（）()\n 　,.;:a1元%％“”《》-—·\u00a0\ufffd")
	other := []rune("ａＡA１２ＢBb")
	terms := []rune("村民罚款所称是指a1元b")
	rnd := rand.New(rand.NewPCG(7, 18))
	word := func(n int, alphabets ...[]rune) string {
		var b strings.Builder
		for range n {
			a := alphabets[0]
			if len(alphabets) > 1 && rnd.IntN(20) == 0 {
				a = alphabets[1]
			}
			b.WriteRune(a[rnd.IntN(len(a))])
		}
		return b.String()
	}
	checked := 0
	for range 20000 {
		text, term := word(rnd.IntN(40), plain, other), word(1+rnd.IntN(3), terms, plain)
		f := factsOf(text)
		folded := foldLower(text)
		if f.plain {
			if got, want := stripPunct(text), stripPunct(folded); got != want {
				t.Fatalf("%q: without punctuation %q, folded %q", text, got, want)
			}
		}
		if !f.plain || !plainTerm(term) {
			continue
		}
		checked++
		lead, flead := text, folded
		if f.lead > 0 {
			lead = text[:f.lead]
		}
		if i := leadEnd(folded); i > 0 {
			flead = folded[:i]
		}
		if strings.Count(text, term) != strings.Count(folded, term) || strings.Contains(lead, term) != strings.Contains(flead, term) ||
			defines(text, term) != defines(folded, term) {
			t.Fatalf("%q in %q: as written and folded differ", term, text)
		}
		if utf8.RuneCountInString(folded) != f.runes {
			t.Fatalf("%q: %d characters, folded %d", text, f.runes, utf8.RuneCountInString(folded))
		}
	}
	if checked < 1000 {
		t.Errorf("only %d plain pairs checked", checked)
	}
	for _, s := range []string{"1.", "ａ", "A", "，", "予以,表扬"} {
		if plainTerm(s) {
			t.Errorf("%q is not plain", s)
		}
	}
	for _, s := range []string{"罚款", "pm25", "200元"} {
		if !plainTerm(s) {
			t.Errorf("%q is plain", s)
		}
	}
}

// TestStripPunctAsMap: stripPunct drops what strings.Map with dropped
// drops, invalid UTF-8 included.
func TestStripPunctAsMap(t *testing.T) {
	byMap := func(s string) string {
		return strings.Map(func(r rune) rune {
			if dropped(r) {
				return -1
			}
			return r
		}, s)
	}
	for _, s := range []string{"", "村民", "排除、限制竞争", "第１条　ＡＢＣ，abc.", "\xe4\xb8", "村\xff民", "\xe4\xb8\x80\xe4",
		"\xe4\xb7\xbf一", "鿿\u9fff\ua000〇", "a b\tc\n", "“处以罚款”；（一）", "\ufffd"} {
		if got, want := stripPunct(s), byMap(s); got != want {
			t.Errorf("stripPunct(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzStripPunct(f *testing.F) {
	for _, s := range []string{"排除、限制竞争", "第１条　ＡＢＣ", "村\xff民", "\xe4\xb8"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.Map(func(r rune) rune {
			if dropped(r) {
				return -1
			}
			return r
		}, s)
		if got := stripPunct(s); got != want {
			t.Fatalf("stripPunct(%q) = %q, want %q", s, got, want)
		}
	})
}
