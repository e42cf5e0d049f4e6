package extract

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func extractText(name string, data []byte, opt Options) (*Document, error) {
	s, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	// Markup and blank space may go, but no text file holding over twice
	// the limit fits it: refuse before splitting 20 MB into paragraphs
	// (a 10 MB one-line file once took 1.5 GB, issue 14, defect 8).
	if utf8.RuneCountInString(s) > 2*opt.MaxChars {
		return nil, tooLong(opt)
	}
	if isMarkdown(name, s) {
		return assemble(name, "md", markdownParas(s), "", nil, opt)
	}
	var raws []rawPara
	for _, line := range splitLines(s) {
		raws = append(raws, rawPara{text: line})
	}
	guessTitle(raws)
	return assemble(name, "txt", raws, "", nil, opt)
}

// decodeText turns the bytes of a text file into a string, trusting the
// content rather than the file name: BOMs first, then UTF-8, then UTF-16
// without BOM (utf16Text) when there are zero bytes, else GB18030 (a
// superset of GBK and GB2312) when the result is plausibly Chinese text.
func decodeText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return checkText(string(data[3:]))
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return checkText(decodeUTF16(data[2:], false))
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return checkText(decodeUTF16(data[2:], true))
	}
	zeros := bytes.IndexByte(data, 0) >= 0
	if !zeros && utf8.Valid(data) {
		return checkText(string(data))
	}
	if zeros {
		// UTF-8 and GB18030 text has no zero bytes; UTF-16 has them in
		// its ASCII and line breaks.
		if s, ok := utf16Text(data); ok {
			return checkText(s)
		}
		return "", newErr(CodeUnsupported, msgUnknown, nil)
	}
	dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err == nil && plausibleChinese(string(dec)) {
		return checkText(string(dec))
	}
	if s, ok := utf16Text(data); ok { // Chinese only, not one line break
		return checkText(s)
	}
	return "", newErr(CodeUnsupported, msgEncoding, err)
}

// utf16Text decodes UTF-16 without a byte order mark. Chinese text in
// UTF-16 has few zero bytes (only its ASCII has them), so the old test
// "every other byte zero" refused it (issue 14). Instead both byte orders
// are decoded and the one that reads as Chinese text wins: an order that
// does not hold text decodes to characters all over Unicode.
func utf16Text(data []byte) (string, bool) {
	if len(data) < 4 || len(data)%2 != 0 {
		return "", false
	}
	le, be := decodeUTF16(data, false), decodeUTF16(data, true)
	okLE, okBE := plausibleChinese(le), plausibleChinese(be)
	switch {
	case okLE && !okBE:
		return le, true
	case okBE && !okLE:
		return be, true
	case okLE && okBE:
		// ASCII-only text reads as CJK in the wrong order (“ab” is U+6162):
		// the right order has its zero bytes in the high half of each unit.
		even, odd := 0, 0
		for i := 0; i+1 < len(data); i += 2 {
			if data[i] == 0 {
				even++
			}
			if data[i+1] == 0 {
				odd++
			}
		}
		if odd >= even {
			return le, true
		}
		return be, true
	}
	return "", false
}

func decodeUTF16(b []byte, bigEndian bool) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	return string(utf16.Decode(u))
}

// plausibleChinese: nearly every character is CJK, CJK punctuation,
// full-width forms or printable ASCII. Random bytes decoded as GB18030 land
// all over the Unicode range and fail this.
func plausibleChinese(s string) bool {
	total, good := 0, 0
	for _, r := range s {
		total++
		switch {
		case r == '\n' || r == '\r' || r == '\t' || (r >= 0x20 && r < 0x7F):
			good++
		case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3000 && r <= 0x303F, r >= 0xFF00 && r <= 0xFFEF,
			r >= 0x2000 && r <= 0x206F, r >= 0x2460 && r <= 0x24FF, r >= 0x3400 && r <= 0x4DBF,
			r == 0xB7 || r == 0xD7 || r == 0xF7:
			good++
		}
	}
	return total > 0 && good*100 >= total*95
}

// checkText rejects binary content that happens to decode.
func checkText(s string) (string, error) {
	total, ctrl := 0, 0
	for _, r := range s {
		total++
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			ctrl++
		}
	}
	if total > 0 && ctrl*10 > total {
		return "", newErr(CodeUnsupported, msgUnknown, nil)
	}
	return s, nil
}

var reMDHeading = regexp.MustCompile(`(?m)^ {0,3}#{1,6}[ \t]+\S`)

func isMarkdown(name, s string) bool {
	return hasExt(name, ".md", ".markdown") || reMDHeading.MatchString(s)
}

var (
	reATX        = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	reSetext     = regexp.MustCompile(`^ {0,3}(=+|-+)[ \t]*$`)
	reRule       = regexp.MustCompile(`^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$`)
	reQuote      = regexp.MustCompile(`^(?: {0,3}>[ \t]?)+`)
	reBullet     = regexp.MustCompile(`^[ \t]*[-*+][ \t]+(?:\[[ xX]\][ \t]+)?`)
	reTableSep   = regexp.MustCompile(`^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$`)
	reFence      = regexp.MustCompile("^ {0,3}(```|~~~)")
	reImage      = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	reLink       = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
	reCode       = regexp.MustCompile("`([^`]+)`")
	reStrong     = regexp.MustCompile(`\*\*([^*]+?)\*\*|__([^_]+?)__`)
	reEm         = regexp.MustCompile(`\*([^*\s](?:[^*]*[^*\s])?)\*`)
	reStrike     = regexp.MustCompile(`~~([^~]+?)~~`)
	reHTMLTag    = regexp.MustCompile(`(?i)</?(?:br|u|b|i|strong|em|span|div|p|sup|sub|font|center|mark)\b[^>]*>`)
	reEscape     = regexp.MustCompile(`\\([\\` + "`" + `*_{}\[\]()#+\-.!|>~])`)
	reHTMLBreaks = regexp.MustCompile(`(?i)<br\s*/?>`)
)

// inline strips Markdown's emphasis and link syntax, keeping the words.
func inline(s string) string {
	// Escaped characters hide in the private use area while the emphasis
	// patterns run, so that \*literal\* stays literal.
	s = reEscape.ReplaceAllStringFunc(s, func(m string) string { return string(rune(0xF0000) + rune(m[1])) })
	s = reHTMLBreaks.ReplaceAllString(s, "\n")
	s = reImage.ReplaceAllString(s, "$1")
	s = reLink.ReplaceAllString(s, "$1")
	s = reCode.ReplaceAllString(s, "$1")
	s = reStrong.ReplaceAllString(s, "$1$2")
	s = reEm.ReplaceAllString(s, "$1")
	s = reStrike.ReplaceAllString(s, "$1")
	s = reHTMLTag.ReplaceAllString(s, "")
	return strings.Map(func(r rune) rune {
		if r >= 0xF0000 && r < 0xF0080 {
			return r - 0xF0000
		}
		return r
	}, s)
}

// markdownParas: every line is a paragraph (Chinese Markdown does not
// hard-wrap, and joining lines would merge articles written one per line).
// Heading markers, bullets, quote markers and emphasis are formatting and
// go; ordered-list numbers such as "1." are content and stay.
func markdownParas(s string) []rawPara {
	var raws []rawPara
	lines := splitLines(s)
	inFence := false
	titled := false
	prevBlank := true
	rows := 0
	for _, line := range lines {
		if reFence.MatchString(line) {
			inFence = !inFence
			prevBlank = false
			continue
		}
		if inFence {
			raws = append(raws, rawPara{text: line})
			prevBlank = strings.TrimSpace(line) == ""
			continue
		}
		blank := strings.TrimSpace(line) == ""
		switch {
		case blank:
		case reSetext.MatchString(line) && !prevBlank && len(raws) > 0 && raws[len(raws)-1].kind == "":
			// the previous line was a setext heading
			raws[len(raws)-1].kind = KindHeading
			if !titled {
				raws[len(raws)-1].title, titled = true, true
			}
		case reRule.MatchString(line):
		case reATX.MatchString(line):
			m := reATX.FindStringSubmatch(line)
			raws = append(raws, rawPara{text: inline(m[2]), kind: KindHeading, title: !titled})
			titled = true
		case strings.HasPrefix(strings.TrimSpace(line), "|"):
			if reTableSep.MatchString(line) {
				break
			}
			row := strings.TrimSpace(line)
			row = strings.TrimPrefix(row, "|")
			row = strings.TrimSuffix(row, "|")
			rows++
			for i, cell := range splitCells(row) {
				raws = append(raws, rawPara{text: inline(cell), kind: KindTableCell, row: rows, col: i + 1})
			}
		default:
			// All quote markers at once: stripping one per pass was
			// quadratic, 25 s for a line of 200,000 '>' (issue 14).
			line = reQuote.ReplaceAllString(line, "")
			line = reBullet.ReplaceAllString(line, "")
			raws = append(raws, rawPara{text: inline(line)})
		}
		prevBlank = blank
	}
	return raws
}

// splitCells splits a table row on unescaped pipes.
func splitCells(row string) []string {
	var cells []string
	var b strings.Builder
	for i := 0; i < len(row); i++ {
		switch {
		case row[i] == '\\' && i+1 < len(row) && row[i+1] == '|':
			b.WriteByte('|')
			i++
		case row[i] == '|':
			cells = append(cells, b.String())
			b.Reset()
		default:
			b.WriteByte(row[i])
		}
	}
	return append(cells, b.String())
}
