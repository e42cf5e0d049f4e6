package annotate

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"lawreview/corpus/docx"
	"lawreview/corpus/extract"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var when = time.Date(2026, 3, 9, 16, 0, 0, 0, time.FixedZone("CST", 8*3600))

// quoteSpec names the n-th (0-based) occurrence of a quote in the
// extractor's text.
type quoteSpec struct {
	quote string
	nth   int
	want  string // the text the anchor must cover, without whitespace; "" means quote
}

func extractText(t testing.TB, data []byte) *extract.Document {
	t.Helper()
	d, err := extract.Bytes("draft.docx", data, extract.Options{})
	if err != nil {
		t.Fatalf("extract: %v", err)
	}
	return d
}

// offset returns the rune offset of the nth occurrence of q in text.
func offset(t testing.TB, text, q string, nth int) int {
	t.Helper()
	from := 0
	for i := 0; ; i++ {
		j := strings.Index(text[from:], q)
		if j < 0 {
			t.Fatalf("quote %q (#%d) not in extracted text %q", q, nth, text)
		}
		if i == nth {
			return len([]rune(text[:from+j]))
		}
		from += j + len(q)
	}
}

func commentsFor(t testing.TB, text string, specs []quoteSpec) []Comment {
	var cs []Comment
	for i, s := range specs {
		start := offset(t, text, s.quote, s.nth)
		cs = append(cs, Comment{
			Start: start, End: start + len([]rune(s.quote)), Quote: s.quote,
			Author: "李明", Date: when,
			Text: "问题" + string(rune('A'+i)) + "：村规民约不得设定罚款。\n依据：《中华人民共和国行政处罚法》第十七条\n建议：删除",
		})
	}
	return cs
}

func readZip(t testing.TB, data []byte) map[string]*zip.File {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("output is not a zip: %v", err)
	}
	m := map[string]*zip.File{}
	for _, f := range zr.File {
		m[f.Name] = f
	}
	return m
}

func part(t testing.TB, files map[string]*zip.File, name string) []byte {
	t.Helper()
	f := files[name]
	if f == nil {
		t.Fatalf("no %s in output", name)
	}
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func raw(t testing.TB, f *zip.File) []byte {
	t.Helper()
	rc, err := f.OpenRaw()
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sameEntries checks that every entry of in except the rewritten ones is
// in out with the same compressed bytes, method and CRC.
func sameEntries(t *testing.T, in, out []byte, rewritten ...string) {
	t.Helper()
	a, b := readZip(t, in), readZip(t, out)
	skip := map[string]bool{}
	for _, r := range rewritten {
		skip[r] = true
	}
	for name, f := range a {
		if skip[name] {
			continue
		}
		g := b[name]
		if g == nil {
			t.Errorf("entry %s lost", name)
			continue
		}
		if f.Method != g.Method || f.CRC32 != g.CRC32 || !bytes.Equal(raw(t, f), raw(t, g)) {
			t.Errorf("entry %s changed", name)
		}
	}
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// anchors returns, per comment id, the visible text between its
// commentRangeStart and commentRangeEnd, and checks each range is closed
// and followed by its reference.
func anchors(t *testing.T, doc []byte) map[string]string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	open := map[string]*strings.Builder{}
	done := map[string]string{}
	refs := map[string]bool{}
	inT, inDel := false, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("document.xml not well-formed: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			id := ""
			for _, a := range x.Attr {
				if a.Name.Local == "id" {
					id = a.Value
				}
			}
			switch x.Name.Local {
			case "commentRangeStart":
				open[id] = &strings.Builder{}
			case "commentRangeEnd":
				if open[id] == nil {
					t.Errorf("comment %s ends before it starts", id)
					continue
				}
				done[id] = open[id].String()
				delete(open, id)
			case "commentReference":
				if _, ok := done[id]; !ok {
					t.Errorf("reference to comment %s before its range ends", id)
				}
				refs[id] = true
			case "t":
				inT = true
			case "del":
				inDel++
			}
		case xml.EndElement:
			switch x.Name.Local {
			case "t":
				inT = false
			case "del":
				inDel--
			}
		case xml.CharData:
			if inT && inDel == 0 {
				for _, b := range open {
					b.Write(x)
				}
			}
		}
	}
	for id := range open {
		t.Errorf("comment %s never ends", id)
	}
	for id := range done {
		if !refs[id] {
			t.Errorf("comment %s has no reference", id)
		}
	}
	return done
}

type xmlComment struct {
	ID       string `xml:"id,attr"`
	Author   string `xml:"author,attr"`
	Initials string `xml:"initials,attr"`
	Date     string `xml:"date,attr"`
	Paras    []struct {
		Runs []struct {
			T string `xml:"t"`
		} `xml:"r"`
	} `xml:"p"`
}

func (c xmlComment) text() string {
	var ls []string
	for _, p := range c.Paras {
		var b strings.Builder
		for _, r := range p.Runs {
			b.WriteString(r.T)
		}
		ls = append(ls, b.String())
	}
	return strings.Join(ls, "\n")
}

func parseComments(t *testing.T, data []byte) []xmlComment {
	t.Helper()
	var cs struct {
		Comments []xmlComment `xml:"comment"`
	}
	if err := xml.Unmarshal(data, &cs); err != nil {
		t.Fatalf("comments.xml: %v", err)
	}
	return cs.Comments
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file; run go test -update and review the diff", name)
	}
}

func TestAnnotateFixture(t *testing.T) {
	src := buildFixture(t, nil)
	if *update {
		os.WriteFile("testdata/source.docx", src, 0o644)
	}
	ex := extractText(t, src)
	specs := []quoteSpec{
		{quote: "每次罚款200元", nth: 0},                            // inside one run: split at both ends
		{quote: "遵守法律法规，爱护公共财物，维护", nth: 0},                    // across three runs with different formatting
		{quote: "子女不再享受本村集体经济组织收益分配", nth: 0},                  // across a tracked deletion and into a hyperlink
		{quote: "每户每年罚款50元", nth: 0},                           // a table cell, whole run
		{quote: "村民会议", nth: 1},                                // second occurrence chosen by the offset
		{quote: "甲方&乙方 <约定>", nth: 0},                          // entities, normalized double space
		{quote: "第二条\u3000对不参加义务劳动", nth: 0, want: "对不参加义务劳动"}, // auto-number rendered by the extractor only
	}
	cs := commentsFor(t, ex.Text, specs)
	out, err := Annotate(src, cs)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		os.WriteFile("testdata/annotated.docx", out, 0o644)
	}
	files := readZip(t, out)
	doc := part(t, files, "word/document.xml")
	commentsXML := part(t, files, "word/comments.xml")
	golden(t, "annotated-document.xml", doc)
	golden(t, "annotated-comments.xml", commentsXML)
	golden(t, "annotated-rels.xml", part(t, files, "word/_rels/document.xml.rels"))
	golden(t, "annotated-content-types.xml", part(t, files, "[Content_Types].xml"))

	// Round trip: the comments change no text.
	if got := extractText(t, out).Text; got != ex.Text {
		t.Errorf("text changed by annotation:\n got %q\nwant %q", got, ex.Text)
	}
	sameEntries(t, src, out, "word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml")

	got := parseComments(t, commentsXML)
	if len(got) != len(cs) {
		t.Fatalf("%d comments in comments.xml, want %d", len(got), len(cs))
	}
	an := anchors(t, doc)
	if len(an) != len(cs) {
		t.Errorf("%d comment ranges, want %d", len(an), len(cs))
	}
	for i, c := range got {
		want := specs[i].want
		if want == "" {
			want = specs[i].quote
		}
		if squeeze(an[c.ID]) != squeeze(want) {
			t.Errorf("comment %s anchored on %q, want %q", c.ID, an[c.ID], want)
		}
		if c.Author != "李明" || c.Initials != "李明" || c.Date != "2026-03-09T16:00:00Z" {
			t.Errorf("comment %s: author %q initials %q date %q", c.ID, c.Author, c.Initials, c.Date)
		}
		if c.text() != cs[i].Text {
			t.Errorf("comment %s text %q, want %q", c.ID, c.text(), cs[i].Text)
		}
	}
	// The second 村民会议 is the one in the 解释权 paragraph.
	i := bytes.Index(doc, []byte(`commentRangeStart w:id="`+got[4].ID+`"`))
	j := bytes.Index(doc, []byte("解释权"))
	if i < 0 || j < 0 || i < j {
		t.Errorf("村民会议 comment not placed on the second occurrence")
	}
}

func TestAnnotateMergesExistingComments(t *testing.T) {
	doc := strings.Replace(fixtureDocument, `<w:r><w:t>本规约经村民会议讨论通过。</w:t></w:r>`,
		`<w:commentRangeStart w:id="0"/><w:r><w:t>本规约经村民会议讨论通过。</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>`, 1)
	existing := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments ` + fxW + `><w:comment w:id="0" w:author="王五" w:date="2026-03-01T09:00:00Z" w:initials="王"><w:p><w:r><w:t>村委原有批注</w:t></w:r></w:p></w:comment></w:comments>`
	src := buildFixture(t, map[string]string{
		"document": doc,
		"comments": existing,
		"ct":       `<Override PartName="/word/comments.xml" ContentType="` + docx.CTComments + `"/>`,
		"rels":     `<Relationship Id="rId10" Type="` + docx.RelComments + `" Target="comments.xml"/>`,
	})
	ex := extractText(t, src)
	cs := commentsFor(t, ex.Text, []quoteSpec{{quote: "每次罚款200元"}, {quote: "村民会议", nth: 0}})
	out, err := Annotate(src, cs)
	if err != nil {
		t.Fatal(err)
	}
	files := readZip(t, out)
	got := parseComments(t, part(t, files, "word/comments.xml"))
	if len(got) != 3 {
		t.Fatalf("%d comments, want the old one and 2 new", len(got))
	}
	ids := map[string]bool{}
	for _, c := range got {
		if ids[c.ID] {
			t.Errorf("duplicate comment id %s", c.ID)
		}
		ids[c.ID] = true
	}
	if got[0].text() != "村委原有批注" {
		t.Errorf("old comment lost: %q", got[0].text())
	}
	an := anchors(t, part(t, files, "word/document.xml"))
	if squeeze(an["0"]) != "本规约经村民会议讨论通过。" || squeeze(an[got[2].ID]) != "村民会议" {
		t.Errorf("anchors %q", an)
	}
	if n := bytes.Count(part(t, files, "[Content_Types].xml"), []byte("comments.xml")); n != 1 {
		t.Errorf("content types name comments.xml %d times", n)
	}
	// The relationships already named the comments part: untouched.
	sameEntries(t, src, out, "word/document.xml", "word/comments.xml", "[Content_Types].xml")
}

func TestSuggestedRevision(t *testing.T) {
	src := buildFixture(t, nil)
	ex := extractText(t, src)
	type edit struct{ quote, repl string }
	edits := []edit{
		{"每次罚款200元", "由村民委员会进行批评教育"},
		{"爱护公共财物，维护", "爱护公共财物、"},
		{"外嫁女及其子女不再享受", "外嫁女及其子女平等享受"},
		{"罚款50元", ""},
	}
	var chs []Change
	want := ex.Text
	for _, e := range edits {
		s := offset(t, ex.Text, e.quote, 0)
		chs = append(chs, Change{Start: s, End: s + len([]rune(e.quote)), Quote: e.quote, Replacement: e.repl, Author: "李明", Date: when})
		want = strings.Replace(want, e.quote, e.repl, 1)
	}
	out, err := SuggestedRevision(src, chs)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		os.WriteFile("testdata/revised.docx", out, 0o644)
	}
	files := readZip(t, out)
	doc := part(t, files, "word/document.xml")
	golden(t, "revised-document.xml", doc)
	// The extractor drops deletions and keeps insertions: accepting all
	// changes gives the suggested text.
	if got := extractText(t, out).Text; got != want {
		t.Errorf("revised text\n got %q\nwant %q", got, want)
	}
	sameEntries(t, src, out, "word/document.xml")
	if n := bytes.Count(doc, []byte(`<w:ins `)); n != 3 {
		t.Errorf("%d insertions, want 3", n)
	}
	if n := bytes.Count(doc, []byte(`w:author="李明"`)); n < 7 {
		t.Errorf("revisions not authored: %d", n)
	}
	// Rejecting all changes restores the original text.
	rejected := rejectAll(doc)
	files2 := map[string]string{"word/document.xml": string(rejected)}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name := range files {
		w, _ := zw.Create(name)
		if d, ok := files2[name]; ok {
			w.Write([]byte(d))
		} else {
			w.Write(part(t, files, name))
		}
	}
	zw.Close()
	if got := extractText(t, buf.Bytes()).Text; got != ex.Text {
		t.Errorf("rejecting the changes gives\n %q\nwant %q", got, ex.Text)
	}
}

// rejectAll drops our insertions and turns our deletions back into text.
func rejectAll(doc []byte) []byte {
	s := string(doc)
	for {
		i := strings.Index(s, `<w:ins w:id=`)
		if i < 0 {
			break
		}
		j := strings.Index(s[i:], `</w:ins>`)
		s = s[:i] + s[i+j+len(`</w:ins>`):]
	}
	for {
		i := strings.Index(s, `<w:del w:id=`)
		if i < 0 || !strings.Contains(s[i:i+200], `李明`) {
			break
		}
		k := strings.Index(s[i:], ">")
		s = s[:i] + s[i+k+1:]
		j := strings.Index(s[i:], `</w:del>`)
		s = s[:i+j] + s[i+j+len(`</w:del>`):]
	}
	s = strings.ReplaceAll(s, "<w:delText", "<w:t")
	s = strings.ReplaceAll(s, "</w:delText>", "</w:t>")
	// the document's own deletion must stay deleted
	s = strings.Replace(s, `<w:r><w:t>已婚</w:t></w:r>`, `<w:r><w:delText>已婚</w:delText></w:r>`, 1)
	return []byte(s)
}

func TestAnnotateText(t *testing.T) {
	text := "石桥村村规民约\n第一条 村民应当遵守法律法规。\n第二条 对不参加义务劳动的村民，每次罚款200元。\n第三条 甲方&乙方 <约定>"
	cs := commentsFor(t, text, []quoteSpec{{quote: "每次罚款200元"}, {quote: "第一条 村民"}, {quote: "<约定>"}})
	out, err := AnnotateText("石桥村村规民约", text, cs)
	if err != nil {
		t.Fatal(err)
	}
	files := readZip(t, out)
	golden(t, "text-document.xml", part(t, files, "word/document.xml"))
	if got := extractText(t, out).Text; got != text {
		t.Errorf("round trip\n got %q\nwant %q", got, text)
	}
	an := anchors(t, part(t, files, "word/document.xml"))
	got := parseComments(t, part(t, files, "word/comments.xml"))
	if len(got) != 3 || len(an) != 3 {
		t.Fatalf("%d comments, %d ranges", len(got), len(an))
	}
	for i, c := range got {
		if squeeze(an[c.ID]) != squeeze(cs[i].Quote) {
			t.Errorf("comment %d on %q, want %q", i, an[c.ID], cs[i].Quote)
		}
	}
	rev, err := SuggestedRevisionText("石桥村村规民约", text, []Change{{Start: cs[0].Start, End: cs[0].End, Quote: cs[0].Quote, Replacement: "予以批评教育", Author: "李明", Date: when}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := extractText(t, rev).Text, strings.Replace(text, "每次罚款200元", "予以批评教育", 1); got != want {
		t.Errorf("revised\n got %q\nwant %q", got, want)
	}
}

func TestAnnotateFallbacks(t *testing.T) {
	src := buildFixture(t, nil)
	ex := extractText(t, src)
	start := offset(t, ex.Text, "每户每年", 0)
	tests := []struct {
		name string
		c    Comment
		want string
	}{
		{"quote not in the document: whole paragraph at the offset", Comment{Start: start, End: start + 3, Quote: "根本不存在的句子"}, "每户每年罚款50元"},
		{"empty quote: taken from the offsets", Comment{Start: start, End: start + 4}, "每户每年"},
		{"full-width digits match half-width", Comment{Start: start, End: start + 9, Quote: "罚款５０元"}, "罚款50元"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.c.Author, tt.c.Text = "李明", "批注"
			out, err := Annotate(src, []Comment{tt.c})
			if err != nil {
				t.Fatal(err)
			}
			an := anchors(t, part(t, readZip(t, out), "word/document.xml"))
			if len(an) != 1 {
				t.Fatalf("%d ranges", len(an))
			}
			for _, v := range an {
				if squeeze(v) != tt.want {
					t.Errorf("anchored on %q, want %q", v, tt.want)
				}
			}
		})
	}
}

func TestAnnotateErrors(t *testing.T) {
	empty := buildFixture(t, map[string]string{"document": `<w:document ` + fxW + `><w:body><w:p/></w:body></w:document>`})
	tests := []struct {
		name string
		data []byte
	}{
		{"not a zip", []byte("hello")},
		{"zip without Word body", func() []byte {
			var b bytes.Buffer
			zw := zip.NewWriter(&b)
			w, _ := zw.Create("a.txt")
			w.Write([]byte("x"))
			zw.Close()
			return b.Bytes()
		}()},
		{"no text", empty},
		{"broken XML", buildFixture(t, map[string]string{"document": `<w:document ` + fxW + `><w:body><w:p>`})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Annotate(tt.data, []Comment{{Quote: "罚款", Author: "李明"}})
			var e *Error
			if err == nil || !errorsAs(err, &e) || e.Msg == "" {
				t.Fatalf("got %v, want *annotate.Error", err)
			}
		})
	}
	if _, err := SuggestedRevision(buildFixture(t, nil), []Change{{Quote: " "}}); err == nil {
		t.Error("change without quote accepted")
	}
}
