package review

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"lawreview/corpus"
)

// A rule cites whole articles, but a 所长 quotes the 款 or 项 that decides
// the clause: 立法法 第九十三条 has six 款, and only the sixth forbids a
// 规章 to reduce rights without a higher law. withExcerpt picks that part
// by the words it shares with what the rule says about the clause, and
// leaves the basis whole when no part stands out: a wrong 款 in a signed
// opinion costs more than none.

// articlePart is one 款, or one 项 of a 款, of an article's text.
type articlePart struct {
	label string // 第六款, 第三项, 第二款第三项
	text  string
	lead  bool // the opening 款 that introduces the 项 under it
}

// itemMarker tells a 项 line: the corpus writes （一） and, now and then, (一).
func itemMarker(line string) bool {
	r, n := utf8.DecodeRuneInString(line)
	if r == '（' || r == '(' {
		rest := line[n:]
		i := strings.IndexAny(rest, "）)")
		if i <= 0 || i > 4*3 {
			return false
		}
		_, err := corpus.ParseNumber(rest[:i])
		return err == nil
	}
	return false
}

// articleParts splits an article's text (paragraphs joined by "\n") into
// its 款 and 项. A line that opens with （N） is a 项 of the 款 before it.
func articleParts(text string) []articlePart {
	lines := strings.Split(text, "\n")
	type para struct {
		text  string
		items []string
	}
	var paras []para
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if itemMarker(l) && len(paras) > 0 {
			p := &paras[len(paras)-1]
			p.items = append(p.items, l)
			continue
		}
		paras = append(paras, para{text: l})
	}
	var parts []articlePart
	for i, p := range paras {
		kuan := ""
		if len(paras) > 1 {
			kuan = "第" + corpus.FormatNumber(i+1) + "款"
		}
		label := kuan
		if label == "" {
			label = "第一款"
		}
		parts = append(parts, articlePart{label: label, text: p.text, lead: len(p.items) > 0})
		for j, it := range p.items {
			parts = append(parts, articlePart{label: kuan + "第" + corpus.FormatNumber(j+1) + "项", text: it})
		}
	}
	return parts
}

// hanBigrams are the pairs of adjacent Han characters of s: the unit that
// matches Chinese legal wording without a segmenter (限定经营, 市场准入).
func hanBigrams(s string) map[[2]rune]bool {
	out := map[[2]rune]bool{}
	var prev rune
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			if prev != 0 {
				out[[2]rune{prev, r}] = true
			}
			prev = r
		} else {
			prev = 0
		}
	}
	return out
}

// Thresholds of withExcerpt: an article this short is read whole; a part
// must share more than minShared bigrams with the rule's words and score
// partMargin times any other part.
const (
	excerptMinArticle = 120
	excerptMinShared  = 3
	excerptMargin     = 1.3
)

// withExcerpt returns b with Part and Excerpt set to the 款 or 项 of its
// article that the rule's words (about: its title and message) are about,
// or b unchanged when the article is short, has one part, or no part wins
// clearly. The opening 款 of a list of 项 winning means the article as a
// whole is meant.
func withExcerpt(b Basis, about string) Basis {
	if b.Text == "" || utf8.RuneCountInString(b.Text) <= excerptMinArticle {
		return b
	}
	parts := articleParts(b.Text)
	if len(parts) < 2 {
		return b
	}
	want := hanBigrams(about)
	best, bestScore, second := -1, 0.0, 0.0
	for i, p := range parts {
		got := hanBigrams(p.text)
		shared := 0
		for g := range got {
			if want[g] {
				shared++
			}
		}
		if shared <= excerptMinShared {
			continue
		}
		score := float64(shared) / math.Sqrt(float64(utf8.RuneCountInString(p.text)))
		switch {
		case score > bestScore:
			second, best, bestScore = bestScore, i, score
		case score > second:
			second = score
		}
	}
	if best < 0 || parts[best].lead || bestScore < excerptMargin*second {
		return b
	}
	b.Part, b.Excerpt = parts[best].label, parts[best].text
	return b
}

// excerptKey is what withExcerpt's choice depends on: the article as in
// force (its text) and the rule's words.
type excerptKey struct{ law, article, text, about string }

// excerpt is withExcerpt remembered per article and rule: a review asks it
// for every basis of every finding (about 90 µs each), always of the same
// few articles and rules.
func (e *Engine) excerpt(b Basis, about string) Basis {
	k := excerptKey{b.Law, b.Article, b.Text, about}
	if got, ok := e.excerpts.Get(k); ok {
		return got
	}
	got := withExcerpt(b, about)
	e.excerpts.Put(k, got)
	return got
}
