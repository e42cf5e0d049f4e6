package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"lawreview/corpus/docx"
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
	// block is the .docx block the text is, which says where its runes
	// are in the runs; nil for other formats.
	block *docx.Block
}

// normalize applies the normalization rule documented in the package doc to
// one line (it must not contain line breaks).
func normalize(s string) string { return normalizeAt(s, nil) }

// normalizeAt is normalize; when at is not nil it also appends, for every
// rune of the result, the index of the rune of s it comes from.
func normalizeAt(s string, at *[]int) string {
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := rune(0) // ' ' or U+3000 while inside a run of spaces
	pendingAt := 0          // where the run of spaces starts
	i := -1
	for _, r := range s {
		i++
		switch {
		case r == '\u3000':
			if pendingSpace == 0 {
				pendingAt = i
			}
			pendingSpace = '\u3000'
			continue
		case r == ' ' || r == '\t' || r == '\v' || r == '\f' || r == '\u00A0' || r == '\u1680' ||
			(r >= '\u2000' && r <= '\u200A') || r == '\u202F' || r == '\u205F':
			if pendingSpace == 0 {
				pendingSpace, pendingAt = ' ', i
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
				if at != nil {
					*at = append(*at, pendingAt)
				}
			}
			pendingSpace = 0
		}
		b.WriteRune(r)
		if at != nil {
			*at = append(*at, i)
		}
	}
	return b.String()
}

// splitLines splits on every line break the sources produce: CRLF, CR, LF,
// U+2028, U+2029, U+0085. Bytes that are not UTF-8 become U+FFFD.
func splitLines(s string) []string { return splitLinesAt(s, nil) }

// splitLinesAt is splitLines; when starts is not nil it also appends the
// rune index in s at which each line starts.
func splitLinesAt(s string, starts *[]int) []string {
	if !utf8.ValidString(s) {
		s = strings.Map(func(r rune) rune { return r }, s) // one U+FFFD per bad byte: runes keep their indexes
	}
	var out []string
	from, fromRune, n := 0, 0, 0 // start of the line in bytes and runes; runes seen
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		brk, runes := 0, 1
		switch r {
		case '\r':
			brk = 1
			if i+1 < len(s) && s[i+1] == '\n' {
				brk, runes = 2, 2
			}
		case '\n', '\u2028', '\u2029', '\u0085':
			brk = size
		}
		if brk == 0 {
			i += size
			n++
			continue
		}
		out = append(out, s[from:i])
		if starts != nil {
			*starts = append(*starts, fromRune)
		}
		i += brk
		n += runes
		from, fromRune = i, n
	}
	out = append(out, s[from:])
	if starts != nil {
		*starts = append(*starts, fromRune)
	}
	return out
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
// marked as a title candidate. When pos is not nil it receives, for every
// rune of the text, its place in the .docx runs (see Source.Pos). Past
// opt's characters or paragraphs it stops with tooLong.
func assemble(name, format string, raws []rawPara, metaTitle string, pos *[]docx.Pos, opt Options) (*Document, error) {
	doc := &Document{Name: name, Format: format}
	var b strings.Builder
	offset := 0
	titleIdx := -1
	var starts, at []int
	for _, rp := range raws {
		starts = starts[:0]
		for k, line := range splitLinesAt(rp.text, ifWanted(pos, &starts)) {
			at = at[:0]
			t := normalizeAt(line, ifWanted(pos, &at))
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
				if pos != nil {
					*pos = append(*pos, noPos)
				}
			}
			if pos != nil {
				for _, j := range at {
					*pos = append(*pos, rp.at(starts[k]+j))
				}
			}
			n := utf8.RuneCountInString(t)
			if offset+n > opt.MaxChars || len(doc.Paragraphs) >= opt.MaxParagraphs {
				return nil, tooLong(opt)
			}
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

// noPos is the place of a rune no run holds.
var noPos = docx.Pos{Run: -1}

// at is where rune i of the paragraph's raw text is in the .docx runs.
func (rp *rawPara) at(i int) docx.Pos {
	if rp.block != nil {
		if p, ok := rp.block.At(i); ok {
			return p
		}
	}
	return noPos
}

// ifWanted returns p when positions are wanted, so that the helpers record
// indexes only then.
func ifWanted(pos *[]docx.Pos, p *[]int) *[]int {
	if pos == nil {
		return nil
	}
	return p
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
