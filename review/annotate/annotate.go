// Package annotate returns a clerk's draft with the review written into it:
// Word comments (批注) anchored on the quoted words of each accepted finding
// (Annotate, AnnotateText), or the suggested wording as tracked changes the
// clerk can accept in Word (SuggestedRevision, SuggestedRevisionText).
//
// The clerk's own .docx is changed as little as possible: only
// word/document.xml, its relationships, [Content_Types].xml and
// word/comments.xml are rewritten, and inside document.xml only the runs a
// comment starts or ends in (or a change touches) are rewritten; every other
// zip entry is copied with its original compressed bytes.
//
// Offsets (Start, End) index the text lawreview/corpus/extract produced for
// the draft, as the review report does. They are used to choose among
// occurrences of the quote; the quote itself is matched against the runs
// ignoring whitespace and character width, and tolerating an automatic
// number ("第三条") that the extractor rendered but the runs do not hold.
// A quote that cannot be found at all is anchored on the paragraph its
// offset points into, so that no comment is lost.
package annotate

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

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

// Error is a draft that cannot be annotated. Msg is Chinese, for the user.
type Error struct {
	Msg string
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Msg + "（" + e.Err.Error() + "）"
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

func userErr(msg string, err error) error { return &Error{Msg: msg, Err: err} }

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
	for _, line := range strings.Split(text, "\n") {
		body.WriteString(`<w:p>`)
		if line != "" {
			body.WriteString(docx.RunXML("", line))
		}
		body.WriteString(`</w:p>`)
	}
	doc, err := docx.Basic(title, "", time.Time{}, body.String(), nil)
	if err != nil {
		return nil, err
	}
	return editWith(doc, []rune(text), nil, comments, changes)
}

func edit(original []byte, comments []Comment, changes []Change) ([]byte, error) {
	var text []rune
	var paras []extract.Paragraph
	if d, err := extract.Bytes("draft.docx", original, extract.Options{}); err == nil {
		text, paras = []rune(d.Text), d.Paragraphs
	}
	return editWith(original, text, paras, comments, changes)
}

// entry is a zip entry kept or replaced.
type pkg struct {
	zr    *zip.Reader
	files map[string]*zip.File
}

func (p *pkg) read(name string) ([]byte, error) {
	f := p.files[name]
	if f == nil {
		return nil, nil
	}
	if f.UncompressedSize64 > 200<<20 {
		return nil, userErr("文件解压后体积异常巨大，已拒绝处理", nil)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, 200<<20))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return data, nil
}

var relRE = regexp.MustCompile(`<Relationship\s[^>]*>`)
var attrRE = regexp.MustCompile(`(\w+)="([^"]*)"`)

func attrs(tag string) map[string]string {
	m := map[string]string{}
	for _, a := range attrRE.FindAllStringSubmatch(tag, -1) {
		m[a[1]] = a[2]
	}
	return m
}

// mainPart finds word/document.xml through _rels/.rels, as Word does.
func (p *pkg) mainPart() (string, error) {
	rels, err := p.read("_rels/.rels")
	if err != nil {
		return "", err
	}
	for _, t := range relRE.FindAllString(string(rels), -1) {
		a := attrs(t)
		if a["Type"] == docx.RelOfficeDocument {
			return strings.TrimPrefix(path.Clean("/"+a["Target"]), "/"), nil
		}
	}
	if p.files["word/document.xml"] != nil {
		return "word/document.xml", nil
	}
	return "", userErr("该压缩文件不是 Word 文档（缺少正文部分）", nil)
}

func relsName(part string) string {
	dir, file := path.Split(part)
	return dir + "_rels/" + file + ".rels"
}

func editWith(original []byte, text []rune, paras []extract.Paragraph, comments []Comment, changes []Change) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(original), int64(len(original)))
	if err != nil {
		return nil, userErr("Word 文件已损坏或不完整，无法读取", err)
	}
	p := &pkg{zr: zr, files: map[string]*zip.File{}}
	for _, f := range zr.File {
		p.files[f.Name] = f
	}
	main, err := p.mainPart()
	if err != nil {
		return nil, err
	}
	docXML, err := p.read(main)
	if err != nil {
		return nil, userErr("Word 文件已损坏或不完整，无法读取", err)
	}
	if docXML == nil {
		return nil, userErr("该压缩文件不是 Word 文档（缺少正文部分）", nil)
	}
	m, err := parseModel(docXML)
	if err != nil {
		if errors.Is(err, ErrNotWord) {
			return nil, userErr("该文件不是有效的 Word 文档", err)
		}
		return nil, userErr("Word 文件正文无法解析", err)
	}
	if text == nil {
		text = []rune(strings.Join(m.paraText(), "\n"))
	}
	if len(m.stream) == 0 && (len(comments) > 0 || len(changes) > 0) {
		return nil, userErr("文档中没有文字，无法添加批注或修改", nil)
	}

	out := map[string][]byte{}
	var added []string
	e := &editor{m: m}

	if len(comments) > 0 {
		relName := relsName(main)
		rels, err := p.read(relName)
		if err != nil {
			return nil, err
		}
		if rels == nil {
			rels = []byte(docx.XMLHeader + `<Relationships xmlns="` + docx.NSRels + `"></Relationships>`)
			added = append(added, relName)
		}
		commentsPart, rels, isNew := commentsRel(main, rels)
		existing, err := p.read(commentsPart)
		if err != nil {
			return nil, err
		}
		firstID := m.maxID + 1
		if existing != nil {
			firstID = max(firstID, maxID(existing)+1)
		}
		var cs []docx.Comment
		for i, c := range comments {
			id := firstID + i
			if strings.TrimSpace(c.Quote) == "" && c.Start >= 0 && c.Start < c.End && c.End <= len(text) {
				c.Quote = string(text[c.Start:c.End])
			}
			from, to, err := e.place(c.Quote, c.Start, text, paras)
			if err != nil {
				return nil, err
			}
			e.addComment(id, from, to, i)
			cs = append(cs, docx.Comment{ID: id, Author: c.Author, Initials: c.Initials, Date: c.Date, Text: c.Text})
		}
		if existing == nil {
			out[commentsPart] = docx.Comments(cs)
			added = append(added, commentsPart)
		} else {
			merged, err := appendComments(existing, cs)
			if err != nil {
				return nil, err
			}
			out[commentsPart] = merged
		}
		if isNew || existing == nil {
			out[relName] = rels
		}
		ct, err := p.read("[Content_Types].xml")
		if err != nil {
			return nil, err
		}
		out["[Content_Types].xml"] = ensureOverride(ct, "/"+commentsPart, docx.CTComments)
		e.nextID = max(m.maxID, firstID+len(comments))
	} else {
		e.nextID = m.maxID
	}
	e.nextID += 1000 // keep revision ids clear of any id Word may add later for comments
	for i, c := range changes {
		if strings.TrimSpace(c.Quote) == "" {
			return nil, userErr(fmt.Sprintf("第%d处修改建议缺少原文", i+1), nil)
		}
		from, to, err := e.place(c.Quote, c.Start, text, paras)
		if err != nil {
			return nil, err
		}
		for _, d := range e.dels {
			if from.less(d.to) && d.from.less(to) {
				return nil, userErr(fmt.Sprintf("第%d处修改建议与前面的修改重叠", i+1), nil)
			}
		}
		e.addChange(from, to, c.Replacement, c.Author, c.Date, len(comments)+i)
	}
	out[main] = e.apply()
	return rezip(zr, out, added)
}

// place locates a quote and returns its run positions.
func (e *editor) place(quote string, start int, text []rune, paras []extract.Paragraph) (pos, pos, error) {
	label := ""
	for _, p := range paras {
		if start >= p.Start && start < p.End {
			// The quote may start inside the number: keep the part of
			// the label it holds.
			if l := []rune(p.Label); start-p.Start < len(l) && strings.HasPrefix(p.Text, p.Label) {
				label = string(l[start-p.Start:])
			}
			break
		}
	}
	first, last, _, ok := e.m.locate(quote, e.expected(start, text, paras), label)
	if !ok {
		return pos{}, pos{}, userErr("文档中没有文字，无法添加批注或修改", nil)
	}
	from, to := e.m.span(first, last)
	return from, to, nil
}

// expected is where a quote starting at rune offset start of the
// extractor's text should start in the stream: the non-space characters
// before it, less the automatic numbers the extractor rendered into earlier
// paragraphs (they are not in the runs).
func (e *editor) expected(start int, text []rune, paras []extract.Paragraph) int {
	n := expectedIndex(text, start)
	if len(paras) == 0 {
		return n
	}
	if e.mine == nil {
		e.mine = map[string]bool{}
		for _, t := range e.m.paraText() {
			e.mine[string(key(t))] = true
		}
	}
	for _, p := range paras {
		if p.Start >= start {
			break
		}
		if p.Label == "" || e.mine[string(key(p.Text))] {
			continue
		}
		if rest := strings.TrimPrefix(p.Text, p.Label); rest != p.Text && e.mine[string(key(rest))] {
			n -= len(key(p.Label))
		}
	}
	return max(n, 0)
}

var idRE = regexp.MustCompile(`:id="(\d+)"`)

func maxID(data []byte) int {
	n := 0
	for _, m := range idRE.FindAllSubmatch(data, -1) {
		if v, err := strconv.Atoi(string(m[1])); err == nil && v > n {
			n = v
		}
	}
	return n
}

// commentsRel returns the comments part named by the relationships, or
// adds a relationship to word/comments.xml.
func commentsRel(main string, rels []byte) (part string, out []byte, added bool) {
	ids := map[string]bool{}
	for _, t := range relRE.FindAllString(string(rels), -1) {
		a := attrs(t)
		ids[a["Id"]] = true
		if a["Type"] == docx.RelComments && a["TargetMode"] != "External" {
			target := a["Target"]
			if strings.HasPrefix(target, "/") {
				return strings.TrimPrefix(path.Clean(target), "/"), rels, false
			}
			return path.Join(path.Dir(main), target), rels, false
		}
	}
	id := "rIdLawreviewComments"
	for n := 1; ids[id]; n++ {
		id = "rIdLawreviewComments" + strconv.Itoa(n)
	}
	rel := `<Relationship Id="` + id + `" Type="` + docx.RelComments + `" Target="comments.xml"/>`
	i := bytes.LastIndex(rels, []byte("</Relationships>"))
	if i < 0 {
		return path.Join(path.Dir(main), "comments.xml"), rels, false
	}
	out = append(append(append([]byte{}, rels[:i]...), rel...), rels[i:]...)
	return path.Join(path.Dir(main), "comments.xml"), out, true
}

func ensureOverride(ct []byte, partName, contentType string) []byte {
	if bytes.Contains(ct, []byte(`PartName="`+partName+`"`)) {
		return ct
	}
	i := bytes.LastIndex(ct, []byte("</Types>"))
	if i < 0 {
		return ct
	}
	o := `<Override PartName="` + partName + `" ContentType="` + contentType + `"/>`
	return append(append(append([]byte{}, ct[:i]...), o...), ct[i:]...)
}

var commentsEndRE = regexp.MustCompile(`</(\w+:)?comments>\s*$`)

func appendComments(existing []byte, cs []docx.Comment) ([]byte, error) {
	loc := commentsEndRE.FindIndex(existing)
	if loc == nil {
		// An empty <w:comments/> root.
		if i := bytes.LastIndex(existing, []byte("/>")); i >= 0 && bytes.Contains(existing[max(0, i-20):], []byte("comments")) {
			var b bytes.Buffer
			b.Write(existing[:i])
			b.WriteString(">")
			for _, c := range cs {
				b.WriteString(docx.CommentXML(c))
			}
			b.WriteString("</w:comments>")
			return b.Bytes(), nil
		}
		return nil, userErr("文档中原有的批注无法读取", nil)
	}
	var b bytes.Buffer
	b.Write(existing[:loc[0]])
	for _, c := range cs {
		b.WriteString(docx.CommentXML(c))
	}
	b.Write(existing[loc[0]:])
	return b.Bytes(), nil
}

// rezip writes the package: entries in out are recompressed, the others
// copied raw, added entries appended in order.
func rezip(zr *zip.Reader, out map[string][]byte, added []string) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		data, ok := out[f.Name]
		if !ok {
			if err := zw.Copy(f); err != nil {
				return nil, fmt.Errorf("copy %s: %w", f.Name, err)
			}
			continue
		}
		h := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified}
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, fmt.Errorf("write %s: %w", f.Name, err)
		}
		if _, err := w.Write(data); err != nil {
			return nil, fmt.Errorf("write %s: %w", f.Name, err)
		}
		delete(out, f.Name)
	}
	for _, name := range added {
		data, ok := out[name]
		if !ok {
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return nil, fmt.Errorf("write %s: %w", name, err)
		}
		if _, err := w.Write(data); err != nil {
			return nil, fmt.Errorf("write %s: %w", name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("zip: %w", err)
	}
	return buf.Bytes(), nil
}
