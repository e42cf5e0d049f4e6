package index

import (
	"html"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// Highlight markers around each matched stretch of a fragment. Fragments
// are HTML: the text between markers is escaped.
const (
	MarkStart = "<mark>"
	MarkEnd   = "</mark>"
)

const (
	fragmentRunes = 120 // length of a fragment, in runes
	maxFragments  = 2
)

// fragments returns up to maxFragments windows of text (the stored
// article) with every token in terms marked, best first. A text with no
// match yields its opening.
//
// freq, when not nil, says how often each term stands in the text as the
// index cut it (from the postings): a term found as often by plain
// substring search stands only where the analyzer put it, and is marked
// without running jieba over the text again. Only when a term stands
// inside a longer word somewhere (租期 in 转租期限) is the text analysed.
func fragments(an analysis.Analyzer, text string, terms map[string]bool, freq map[string]int, phrases []string) []string {
	if text == "" {
		return nil
	}
	var spans [][2]int // byte ranges to mark
	analyse := freq == nil && len(terms) > 0
	if freq != nil {
		for t := range terms {
			n := freq[t]
			if n == 0 {
				continue
			}
			if strings.Count(text, t) != n {
				analyse = true
				break
			}
			for off := 0; ; {
				k := strings.Index(text[off:], t)
				if k < 0 {
					break
				}
				spans = append(spans, [2]int{off + k, off + k + len(t)})
				off += k + len(t)
			}
		}
	}
	if analyse {
		spans = spans[:0]
		for _, t := range an.Analyze([]byte(text)) {
			if terms[string(t.Term)] {
				spans = append(spans, [2]int{t.Start, t.End})
			}
		}
	}
	for _, ph := range phrases {
		for off := 0; ; {
			k := strings.Index(text[off:], ph)
			if k < 0 || ph == "" {
				break
			}
			spans = append(spans, [2]int{off + k, off + k + len(ph)})
			off += k + len(ph)
		}
	}
	spans = mergeSpans(spans)
	if len(spans) == 0 {
		return []string{render(text, 0, cutAt(text, 0, fragmentRunes), nil)}
	}

	// Greedy: the window holding the most marked bytes, then the next best
	// that does not overlap it.
	type window struct{ start, end, score int }
	var wins []window
	for _, s := range spans {
		start := backRunes(text, s[0], fragmentRunes/6)
		end := cutAt(text, start, fragmentRunes)
		score := 0
		for _, o := range spans {
			if o[0] >= start && o[1] <= end {
				score += o[1] - o[0]
			}
		}
		wins = append(wins, window{start, end, score})
	}
	slices.SortStableFunc(wins, func(a, b window) int { return b.score - a.score })
	var chosen []window
	for _, w := range wins {
		if len(chosen) == maxFragments {
			break
		}
		overlap := false
		for _, c := range chosen {
			if w.start < c.end && c.start < w.end {
				overlap = true
				break
			}
		}
		if !overlap {
			chosen = append(chosen, w)
		}
	}
	out := make([]string, 0, len(chosen))
	for _, w := range chosen {
		out = append(out, render(text, w.start, w.end, spans))
	}
	return out
}

// mergeSpans sorts spans and joins overlapping or touching ones: search
// mode marks 罚款 inside 违者罚款 and the parts of a word overlap it.
func mergeSpans(spans [][2]int) [][2]int {
	if len(spans) == 0 {
		return nil
	}
	slices.SortFunc(spans, func(a, b [2]int) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return a[1] - b[1]
	})
	out := spans[:1]
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s[0] <= last[1] {
			last[1] = max(last[1], s[1])
			continue
		}
		out = append(out, s)
	}
	return out
}

// render escapes text[start:end] and wraps the marked spans inside it,
// with an ellipsis where the fragment cuts the article.
func render(text string, start, end int, spans [][2]int) string {
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	at := start
	for _, s := range spans {
		if s[1] <= start || s[0] >= end {
			continue
		}
		s0, s1 := max(s[0], start), min(s[1], end)
		b.WriteString(html.EscapeString(text[at:s0]))
		b.WriteString(MarkStart)
		b.WriteString(html.EscapeString(text[s0:s1]))
		b.WriteString(MarkEnd)
		at = s1
	}
	b.WriteString(html.EscapeString(text[at:end]))
	if end < len(text) {
		b.WriteString("…")
	}
	return strings.ReplaceAll(b.String(), "\n", " ")
}

// backRunes moves n runes back from byte offset i, stopping early at the
// start of a line so a fragment begins with a paragraph when it can.
func backRunes(text string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		var w int
		switch {
		case text[i-1] < utf8.RuneSelf:
			w = 1
		case i >= 3 && threeByteLead(text[i-3]) && cont(text[i-2]) && cont(text[i-1]):
			w = 3 // a Chinese character, without decoding it
		default:
			_, w = utf8.DecodeLastRuneInString(text[:i])
		}
		if text[i-w:i] == "\n" {
			break
		}
		i -= w
	}
	return i
}

// threeByteLead reports whether c opens a three-byte character whose
// second byte may be any continuation byte (not E0 or ED, which limit it):
// such a byte and two continuation bytes are one valid character, as
// utf8 decodes it. Windows over every match of every hit decoded each
// Chinese character (2 % of a clause search's CPU).
func threeByteLead(c byte) bool { return c >= 0xE1 && c <= 0xEF && c != 0xED }

func cont(c byte) bool { return c&0xC0 == 0x80 }

// cutAt returns the byte offset n runes after start (or the end of text).
func cutAt(text string, start, n int) int {
	i := start
	for ; n > 0 && i < len(text); n-- {
		switch c := text[i]; {
		case c < utf8.RuneSelf:
			i++
		case i+2 < len(text) && threeByteLead(c) && cont(text[i+1]) && cont(text[i+2]):
			i += 3
		default:
			_, w := utf8.DecodeRuneInString(text[i:])
			i += w
		}
	}
	return i
}
