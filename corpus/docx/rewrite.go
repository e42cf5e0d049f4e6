package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"time"
)

// Edit writes comments and tracked changes into the main document of a
// package someone else wrote. It changes as little as possible: inside the
// main part only the runs a comment starts or ends in (or a change touches)
// are rewritten; besides it only the comments part, the main part's
// relationships and [Content_Types].xml, when they must change; every
// other zip entry is copied with its original compressed bytes.
type Edit struct {
	pkg   *Package
	e     editor
	order int // marks added so far, to keep their order at one place

	// Set by the first comment.
	comments     []Comment
	opened       bool
	firstID      int    // id of the first new comment
	commentsPart string // where the comments are
	existing     []byte // the comments part the document already has, or nil
	relName      string // the main part's relationships
	rels         []byte
	relsNew      bool // the main part had no relationships part
	relAdded     bool // the relationship to the comments part is ours
}

// Edit starts editing a body the package's ReadBody returned. A body whose
// root binds no prefix to WordprocessingML cannot be edited.
func (p *Package) Edit(b *Body) (*Edit, error) {
	if b.Prefix == "" {
		return nil, newErr(CodeUnsupported, "该文件不是有效的 Word 文档", fmt.Errorf("%s: no prefix bound to %s", b.Part, NSW))
	}
	return &Edit{pkg: p, e: editor{b: b}}, nil
}

// Comment anchors a comment on [from, to) (see Body.Range) and gives it
// the next free id. c.ID is ignored.
func (ed *Edit) Comment(from, to Pos, c Comment) error {
	if !ed.opened {
		if err := ed.openComments(); err != nil {
			return err
		}
	}
	c.ID = ed.firstID + len(ed.comments)
	ed.e.addComment(c.ID, from, to, ed.order)
	ed.order++
	ed.comments = append(ed.comments, c)
	return nil
}

// Overlaps reports whether [from, to) overlaps a change added before.
func (ed *Edit) Overlaps(from, to Pos) bool {
	for _, d := range ed.e.dels {
		if from.Less(d.to) && d.from.Less(to) {
			return true
		}
	}
	return false
}

// Change writes [from, to) as a tracked deletion followed, unless repl is
// "", by a tracked insertion of repl.
func (ed *Edit) Change(from, to Pos, repl, author string, date time.Time) {
	ed.e.addChange(from, to, repl, author, date, ed.order)
	ed.order++
}

// Bytes writes the edited package. Call it once.
func (ed *Edit) Bytes() ([]byte, error) {
	b := ed.e.b
	out := map[string][]byte{}
	var added []string
	if ed.opened {
		if ed.relsNew {
			added = append(added, ed.relName)
		}
		if ed.existing == nil {
			out[ed.commentsPart] = Comments(ed.comments)
			added = append(added, ed.commentsPart)
		} else {
			merged, err := appendComments(ed.existing, ed.comments)
			if err != nil {
				return nil, err
			}
			out[ed.commentsPart] = merged
		}
		if ed.relAdded || ed.existing == nil {
			out[ed.relName] = ed.rels
		}
		ct, err := ed.pkg.Part("[Content_Types].xml")
		if err != nil {
			return nil, err
		}
		out["[Content_Types].xml"] = ensureOverride(ct, "/"+ed.commentsPart, CTComments)
		ed.e.nextID = max(b.MaxID, ed.firstID+len(ed.comments))
	} else {
		ed.e.nextID = b.MaxID
	}
	ed.e.nextID += 1000 // keep revision ids clear of any id Word may add later for comments
	out[b.Part] = ed.e.apply()
	return ed.pkg.rewrite(out, added)
}

// openComments finds or makes the comments part and its relationship.
func (ed *Edit) openComments() error {
	main := ed.e.b.Part
	ed.relName = RelsName(main)
	rels, err := ed.pkg.Part(ed.relName)
	if err != nil {
		return err
	}
	if rels == nil {
		rels = []byte(XMLHeader + `<Relationships xmlns="` + NSRels + `"></Relationships>`)
		ed.relsNew = true
	}
	ed.commentsPart, ed.rels, ed.relAdded, err = commentsRel(main, ed.relName, rels)
	if err != nil {
		return err
	}
	if ed.existing, err = ed.pkg.Part(ed.commentsPart); err != nil {
		return err
	}
	ed.firstID = ed.e.b.MaxID + 1
	if ed.existing != nil {
		n, err := maxCommentID(ed.commentsPart, ed.existing)
		if err != nil {
			return err
		}
		ed.firstID = max(ed.firstID, n+1)
	}
	ed.opened = true
	return nil
}

// commentsRel returns the comments part the relationships of main name,
// or adds a relationship to comments.xml beside main.
func commentsRel(main, relName string, rels []byte) (part string, out []byte, added bool, err error) {
	rs, err := parseRels(relName, rels)
	if err != nil {
		return "", nil, false, err
	}
	ids := map[string]bool{}
	for _, r := range rs {
		ids[r.id] = true
	}
	for _, r := range rs {
		if r.kind() == "comments" && !r.external {
			return resolveTarget(main, r.target), rels, false, nil
		}
	}
	part = path.Join(path.Dir(main), "comments.xml")
	id := "rIdLawreviewComments"
	for n := 1; ids[id]; n++ {
		id = "rIdLawreviewComments" + strconv.Itoa(n)
	}
	rel := `<Relationship Id="` + id + `" Type="` + RelComments + `" Target="comments.xml"/>`
	i := bytes.LastIndex(rels, []byte("</Relationships>"))
	if i < 0 {
		return part, rels, false, nil
	}
	out = append(append(append([]byte{}, rels[:i]...), rel...), rels[i:]...)
	return part, out, true, nil
}

// maxCommentID is the largest w:id of a comments part.
func maxCommentID(name string, data []byte) (int, error) {
	t, err := parseTree(name, data)
	if err != nil {
		return 0, newErr(CodeCorrupt, msgOldComments, err)
	}
	n := 0
	var walk func(*node)
	walk = func(nd *node) {
		for _, a := range nd.attr {
			if a.Name.Space != "" && a.Name.Local == "id" {
				if v, err := strconv.Atoi(a.Value); err == nil && v > n {
					n = v
				}
			}
		}
		for _, k := range nd.kids {
			walk(k)
		}
	}
	walk(t)
	return n, nil
}

const msgOldComments = "文档中原有的批注无法读取"

// appendComments adds cs at the end of the root of an existing comments
// part, leaving its bytes as they are.
func appendComments(existing []byte, cs []Comment) ([]byte, error) {
	x := newXMLReader("comments", existing)
	rootFrom, rootTo, closeAt := -1, -1, -1
	for {
		tok, err := x.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, newErr(CodeCorrupt, msgOldComments, err)
		}
		switch tok.(type) {
		case xml.StartElement:
			if x.depth == 1 && rootFrom < 0 {
				rootFrom, rootTo = x.from, x.to
			}
		case xml.EndElement:
			if x.depth == 0 && closeAt < 0 {
				closeAt = x.from
			}
		}
	}
	if closeAt < 0 {
		return nil, newErr(CodeCorrupt, msgOldComments, nil)
	}
	var b bytes.Buffer
	tag := existing[rootFrom:rootTo]
	if closeAt == rootTo && bytes.HasSuffix(tag, []byte("/>")) {
		// An empty <w:comments/> root: open it.
		name := tag[1:]
		if i := bytes.IndexAny(name, " \t\r\n/>"); i >= 0 {
			name = name[:i]
		}
		b.Write(existing[:rootTo-2])
		b.WriteString(">")
		for _, c := range cs {
			b.WriteString(CommentXML(c))
		}
		b.WriteString("</" + string(name) + ">")
		b.Write(existing[rootTo:])
		return b.Bytes(), nil
	}
	b.Write(existing[:closeAt])
	for _, c := range cs {
		b.WriteString(CommentXML(c))
	}
	b.Write(existing[closeAt:])
	return b.Bytes(), nil
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

// rewrite writes the package: entries in out are recompressed, the others
// copied raw, added entries appended in order.
func (p *Package) rewrite(out map[string][]byte, added []string) ([]byte, error) {
	want := make(map[string][]byte, len(out))
	for name, data := range out {
		want[strings.ToLower(strings.TrimPrefix(name, "/"))] = data
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range p.zr.File {
		key := strings.ToLower(strings.TrimPrefix(f.Name, "/"))
		data, ok := want[key]
		if !ok {
			if err := zw.Copy(f); err != nil {
				return nil, fmt.Errorf("copy %s: %w", f.Name, err)
			}
			continue
		}
		if err := writeEntry(zw, f.Name, f.Modified, data); err != nil {
			return nil, err
		}
		delete(want, key)
	}
	for _, name := range added {
		data, ok := want[strings.ToLower(name)]
		if !ok {
			continue
		}
		if err := writeEntry(zw, name, zipTime, data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("zip: %w", err)
	}
	return buf.Bytes(), nil
}
