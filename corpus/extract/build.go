package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// rawPara is a paragraph as a format reader found it, before normalization.
type rawPara struct {
	text string
	// kind is forced by the source (Markdown heading, Word heading style,
	// table cell); "" lets the text decide.
	kind Kind
	// title marks a title candidate: Word Title/heading style, a short
	// centered paragraph, Markdown heading.
	title bool
	// row and col place a table cell (see Paragraph.Row); 0 elsewhere.
	row, col int
}

// normalize applies the normalization rule documented in the package doc to
// one line (it must not contain line breaks).
func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := rune(0) // ' ' or U+3000 while inside a run of spaces
	for _, r := range s {
		switch {
		case r == '\u3000':
			pendingSpace = '\u3000'
			continue
		case r == ' ' || r == '\t' || r == '\v' || r == '\f' || r == '\u00A0' || r == '\u1680' ||
			(r >= '\u2000' && r <= '\u200A') || r == '\u202F' || r == '\u205F':
			if pendingSpace == 0 {
				pendingSpace = ' '
			}
			continue
		case r == '\u200B' || r == '\u200C' || r == '\u200D' || r == '\u2060' || r == '\uFEFF' ||
			r == '\u00AD' || r == '\u200E' || r == '\u200F' || (r >= '\u202A' && r <= '\u202E') ||
			(r >= '\u2066' && r <= '\u2069'):
			continue // invisible: zero-width, soft hyphen, bidi marks
		case r == utf8.RuneError:
			// keep: an undecodable byte is visible to the user as �
		case unicode.IsControl(r):
			continue
		}
		if pendingSpace != 0 {
			if b.Len() > 0 {
				b.WriteRune(pendingSpace)
			}
			pendingSpace = 0
		}
		b.WriteRune(r)
	}
	return b.String()
}

// splitLines splits on every line break the sources produce: CRLF, CR, LF,
// U+2028, U+2029, U+0085.
func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\r', '\u2028', '\u2029', '\u0085':
			return '\n'
		}
		return r
	}, s)
	return strings.Split(s, "\n")
}

const cnNum = `[零〇一二两三四五六七八九十百千万0-9０-９]+`

var (
	reArticle = regexp.MustCompile(`^第` + cnNum + `条(?:之[一二三四五六七八九十]+)?`)
	reChapter = regexp.MustCompile(`^第` + cnNum + `[编章节]`)
	reItem    = regexp.MustCompile(`^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|[（(][0-9０-９]+[）)]|[0-9０-９]{1,3}[.．、]|[①-⑳])`)
	// An article label is followed by text, a space or nothing; "第一条第二款"
	// or "第三条规定的" at the start of a line is a reference, not a label.
	reArticleRef = regexp.MustCompile(`^(?:第|款|项|规定|的|、|，|,|。)`)
)

// classify returns the kind the text suggests and the label it starts with.
func classify(text string) (Kind, string) {
	if m := reArticle.FindString(text); m != "" && !reArticleRef.MatchString(text[len(m):]) {
		return KindArticle, m
	}
	if m := reChapter.FindString(text); m != "" && isHeadingLine(text) {
		return KindHeading, m
	}
	if m := reItem.FindString(text); m != "" {
		rest := text[len(m):]
		// "1.5米" and "3.14" are numbers, not items.
		if r, _ := utf8.DecodeRuneInString(rest); !(strings.HasSuffix(m, ".") || strings.HasSuffix(m, "．")) || !unicode.IsDigit(r) {
			return KindItem, m
		}
	}
	return KindBody, ""
}

var reDraftNote = regexp.MustCompile(`^[（(][^（）()]{0,12}(?:稿|草案|试行|暂行|修订|修正)[^（）()]{0,4}[）)]$`)

// isHeadingLine: short and not a sentence.
func isHeadingLine(text string) bool {
	n := utf8.RuneCountInString(text)
	return n <= 40 && !strings.ContainsAny(lastRune(text), "。；;，,：:")
}

func lastRune(s string) string {
	_, size := utf8.DecodeLastRuneInString(s)
	return s[len(s)-size:]
}

// assemble normalizes and classifies raw paragraphs and computes offsets.
// metaTitle is the title from document metadata, used when no paragraph is
// marked as a title candidate.
func assemble(name, format string, raws []rawPara, metaTitle string) (*Document, error) {
	doc := &Document{Name: name, Format: format}
	var b strings.Builder
	offset := 0
	titleIdx := -1
	for _, rp := range raws {
		for _, line := range splitLines(rp.text) {
			t := normalize(line)
			if t == "" {
				continue
			}
			kind, label := classify(t)
			switch {
			case rp.kind == KindTableCell:
				kind = KindTableCell
			case rp.kind == KindHeading && kind != KindArticle:
				kind = KindHeading
			}
			if kind == KindHeading && label == "" {
				// keep chapter labels for styled headings too
				if m := reChapter.FindString(t); m != "" {
					label = m
				}
			}
			if titleIdx < 0 && rp.title && kind != KindArticle && kind != KindTableCell {
				titleIdx = len(doc.Paragraphs)
				kind = KindHeading
			}
			if len(doc.Paragraphs) > 0 {
				b.WriteByte('\n')
				offset++
			}
			n := utf8.RuneCountInString(t)
			para := Paragraph{Kind: kind, Text: t, Start: offset, End: offset + n, Label: label}
			if kind == KindTableCell {
				para.Row, para.Col = rp.row, rp.col
			}
			doc.Paragraphs = append(doc.Paragraphs, para)
			b.WriteString(t)
			offset += n
		}
	}
	if len(doc.Paragraphs) == 0 {
		return nil, newErr(CodeEmpty, msgEmpty, nil)
	}
	doc.Text = b.String()
	switch {
	case titleIdx >= 0:
		doc.Title = doc.Paragraphs[titleIdx].Text
		// "（征求意见稿）" under the title belongs to it: it tells a draft
		// from an enacted text.
		if titleIdx+1 < len(doc.Paragraphs) && reDraftNote.MatchString(doc.Paragraphs[titleIdx+1].Text) {
			doc.Title += doc.Paragraphs[titleIdx+1].Text
		}
	case strings.TrimSpace(metaTitle) != "":
		doc.Title = normalize(strings.Join(splitLines(metaTitle), " "))
	default:
		doc.Title = doc.Paragraphs[0].Text
	}
	return doc, nil
}

// guessTitle marks the first raw paragraph as a title candidate when it
// looks like one: formats without styles (text, PDF) put the title first.
func guessTitle(raws []rawPara) {
	for i := range raws {
		t := normalize(strings.Join(splitLines(raws[i].text), ""))
		if t == "" {
			continue
		}
		if k, _ := classify(t); k == KindBody && utf8.RuneCountInString(t) <= 60 && !strings.ContainsAny(lastRune(t), "。；;，,：:") {
			raws[i].title = true
		}
		return
	}
}
