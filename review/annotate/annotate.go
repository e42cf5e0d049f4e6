// Package annotate returns a clerk's draft with the review written into it:
// Word comments (批注) anchored on the quoted words of each accepted finding
// (Annotate, AnnotateText), or the suggested wording as tracked changes the
// clerk can accept in Word (SuggestedRevision, SuggestedRevisionText).
//
// The clerk's own .docx is changed as little as possible (see docx.Edit):
// only word/document.xml, its relationships, [Content_Types].xml and
// word/comments.xml are rewritten, and inside document.xml only the runs a
// comment starts or ends in (or a change touches) are rewritten; every other
// zip entry is copied with its original compressed bytes.
//
// Offsets (Start, End) index the text lawreview/corpus/extract produced for
// the draft, as the review report does. The draft is read once, through
// extract.ReadDocx, which ties every rune of that text to its place in the
// runs, so the offset says exactly where the quote should start. The quote
// itself decides: it is matched against the runs ignoring whitespace and
// character width, and tolerating an automatic number ("第三条") that the
// text shows but the runs do not hold; the offset chooses among several
// occurrences, so that a finding stored under an older reading of the file
// still lands on its words. A quote that cannot be found at all is anchored
// on the paragraph its offset points into, so that no comment is lost.
package annotate

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"lawreview/corpus/docx"
	"lawreview/corpus/extract"
)

// Comment is one 批注.
type Comment struct {
	Start, End int    // rune offsets into the extractor's text
	Quote      string // the words to anchor on
	Author     string
	Initials   string // shown by Word in the margin; derived from Author when empty
	Text       string // problem, basis, fix; "\n" separates paragraphs
	Date       time.Time
}

// Change is one suggested edit, written as a tracked deletion of Quote and
// a tracked insertion of Replacement.
type Change struct {
	Start, End  int    // rune offsets into the extractor's text
	Quote       string // the words to replace; must not be empty
	Replacement string // "" deletes the words
	Author      string
	Date        time.Time
}

// Error is a draft that cannot be annotated: docx's error type, so that a
// broken upload and a broken download read the same. Msg is Chinese, for
// the user.
type Error = docx.Error

// Annotate returns the .docx original with one comment per entry of
// comments.
func Annotate(original []byte, comments []Comment) ([]byte, error) {
	return edit(original, comments, nil)
}

// SuggestedRevision returns the .docx original with the changes as
// tracked changes.
func SuggestedRevision(original []byte, changes []Change) ([]byte, error) {
	return edit(original, nil, changes)
}

// AnnotateAndRevise does both in one document.
func AnnotateAndRevise(original []byte, comments []Comment, changes []Change) ([]byte, error) {
	return edit(original, comments, changes)
}

// AnnotateText builds a new .docx (for drafts uploaded as PDF, text or
// Markdown) holding text, one paragraph per line, with the comments.
func AnnotateText(title, text string, comments []Comment) ([]byte, error) {
	return editText(title, text, comments, nil)
}

// SuggestedRevisionText builds a new .docx holding text with the changes
// as tracked changes.
func SuggestedRevisionText(title, text string, changes []Change) ([]byte, error) {
	return editText(title, text, nil, changes)
}

func editText(title, text string, comments []Comment, changes []Change) ([]byte, error) {
	var body strings.Builder
	lines := strings.Split(text, "\n")
	for _, line := range lines {
		body.WriteString(`<w:p>`)
		if line != "" {
			body.WriteString(docx.RunXML("", line))
		}
		body.WriteString(`</w:p>`)
	}
	data, err := docx.Basic(title, "", time.Time{}, body.String(), nil)
	if err != nil {
		return nil, err
	}
	pkg, err := docx.Open(data, 0)
	if err != nil {
		return nil, err
	}
	b, err := pkg.ReadBody()
	if err != nil {
		return nil, err
	}
	// One block per line: rune j of line i is rune j of block i.
	var pos []docx.Pos
	for i, line := range lines {
		if i > 0 {
			pos = append(pos, docx.Pos{Run: -1})
		}
		for j := range utf8.RuneCountInString(line) {
			p := docx.Pos{Run: -1}
			if i < len(b.Blocks) {
				if q, ok := b.Blocks[i].At(j); ok {
					p = q
				}
			}
			pos = append(pos, p)
		}
	}
	return editWith(pkg, b, []rune(text), pos, nil, comments, changes)
}

func edit(original []byte, comments []Comment, changes []Change) ([]byte, error) {
	// The stored original passed the upload's size check; only the
	// package's own budget applies here.
	d, src, err := extract.ReadDocx("draft.docx", original, extract.Options{MaxBytes: int64(len(original))})
	if err != nil {
		return nil, err
	}
	return editWith(src.Package, src.Body, []rune(d.Text), src.Pos, d.Paragraphs, comments, changes)
}

// editWith writes the comments and changes. text is the text the offsets
// index, pos the place of each of its runes in the body's runs, paras its
// paragraphs (nil for a document built from text).
func editWith(pkg *docx.Package, b *docx.Body, text []rune, pos []docx.Pos, paras []extract.Paragraph, comments []Comment, changes []Change) ([]byte, error) {
	f := newFinder(b, text, pos, paras)
	if len(f.chars) == 0 && (len(comments) > 0 || len(changes) > 0) {
		return nil, userErr(docx.CodeEmpty, "文档中没有文字，无法添加批注或修改")
	}
	ed, err := pkg.Edit(b)
	if err != nil {
		return nil, err
	}
	for _, c := range comments {
		if strings.TrimSpace(c.Quote) == "" && c.Start >= 0 && c.Start < c.End && c.End <= len(text) {
			c.Quote = string(text[c.Start:c.End])
		}
		from, to := f.place(c.Quote, c.Start)
		if err := ed.Comment(from, to, docx.Comment{Author: c.Author, Initials: c.Initials, Date: c.Date, Text: c.Text}); err != nil {
			return nil, err
		}
	}
	for i, c := range changes {
		if strings.TrimSpace(c.Quote) == "" {
			return nil, userErr(docx.CodeInvalid, fmt.Sprintf("第%d处修改建议缺少原文", i+1))
		}
		from, to := f.place(c.Quote, c.Start)
		if ed.Overlaps(from, to) {
			return nil, userErr(docx.CodeInvalid, fmt.Sprintf("第%d处修改建议与前面的修改重叠", i+1))
		}
		ed.Change(from, to, c.Replacement, c.Author, c.Date)
	}
	return ed.Bytes()
}

func userErr(code docx.Code, msg string) error { return &Error{Code: code, Msg: msg} }
