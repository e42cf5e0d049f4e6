package extract

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode"
)

// checkSource verifies that ReadDocx reads a .docx as Bytes does and that
// every rune it places in the runs is the rune the runs hold there.
func checkSource(t *testing.T, name string, data []byte) {
	t.Helper()
	doc, src, err := ReadDocx(name, data, Options{})
	if detect(data) != fmtZip {
		if err == nil {
			t.Fatalf("ReadDocx read a file that is not a zip")
		}
		return
	}
	want, werr := extractBytes(name, data, Options{}.withDefaults())
	if (err == nil) != (werr == nil) || CodeOf(err) != CodeOf(werr) {
		t.Fatalf("ReadDocx error %v, Bytes error %v", err, werr)
	}
	if err != nil {
		return
	}
	if !reflect.DeepEqual(doc, want) {
		t.Fatalf("ReadDocx and Bytes read different documents")
	}
	text := []rune(doc.Text)
	if len(src.Pos) != len(text) {
		t.Fatalf("%d places for %d runes", len(src.Pos), len(text))
	}
	for i, p := range src.Pos {
		if p.Run < 0 {
			continue
		}
		r := src.Body.Runs[p.Run].Children[p.Child].Text[p.Off]
		if r != text[i] && !(unicode.IsSpace(r) && (text[i] == ' ' || text[i] == '\u3000')) {
			t.Fatalf("rune %d is %q in the text, %q in run %d child %d at %d", i, text[i], r, p.Run, p.Child, p.Off)
		}
	}
}

func TestReadDocxSource(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.docx"))
	drafts, _ := filepath.Glob(filepath.Join(repoRoot(t), "testdata", "drafts", "*.docx"))
	for _, f := range append(files, drafts...) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			checkSource(t, filepath.Base(f), data)
		})
	}
	for name, body := range sourceBodies {
		t.Run(name, func(t *testing.T) { checkSource(t, "t.docx", docxParts(t, body)) })
	}
}

// FuzzDocxSource checks the places ReadDocx gives on mutated packages.
func FuzzDocxSource(f *testing.F) {
	addFiles(f, ".docx")
	for _, body := range sourceBodies {
		f.Add(docxParts(f, body))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkSource(t, "f.docx", data) })
}

var sourceBodies = map[string]string{
	"numbered": wp(`<w:pStyle w:val="Chapter"/>`, "总则") + wp(`<w:pStyle w:val="Art"/>`, "甲　乙") + wp(`<w:pStyle w:val="Art"/>`, "  丙\t丁  "),
	"cell":     `<w:tbl><w:tr><w:tc><w:p><w:r><w:t>格一</w:t></w:r></w:p><w:p><w:r><w:t>格二</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>二</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`,
	"box":      `<w:p><w:r><w:t>外</w:t></w:r><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:pict></w:r><w:r><w:t>文</w:t></w:r></w:p>`,
	"hidden":   `<w:p><w:r><w:t>显示</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:sym w:char="2605"/><w:noBreakHyphen/><w:t>尾</w:t><w:br/><w:t>下行</w:t></w:r></w:p>`,
	"revision": `<w:p><w:ins><w:r><w:t>增</w:t></w:r></w:ins><w:del><w:r><w:delText>删</w:delText></w:r></w:del><w:hyperlink><w:r><w:t>链</w:t></w:r></w:hyperlink></w:p>`,
}

func TestSplitAndNormalizeIndexes(t *testing.T) {
	for _, s := range []string{"一\r\n二\r三\n四\u2028五\u2029六", "\r\r\n\n\r", "  第一条\u3000 为了\t\u00a0规范\u200b。 ", "坏\xff字节\r\n\xfe"} {
		var starts []int
		lines := splitLinesAt(s, &starts)
		if !reflect.DeepEqual(lines, splitLines(s)) || len(starts) != len(lines) {
			t.Fatalf("splitLinesAt(%q) = %q at %v", s, lines, starts)
		}
		in := []rune(s) // one rune per bad byte, as splitLines counts them
		for k, line := range lines {
			var at []int
			out := []rune(normalizeAt(line, &at))
			if string(out) != normalize(line) || len(at) != len(out) {
				t.Fatalf("normalizeAt(%q) = %q at %v", line, string(out), at)
			}
			for j, r := range out {
				src := in[starts[k]+at[j]]
				if src != r && !(r == ' ' || r == '\u3000') {
					t.Errorf("line %d rune %d: %q comes from %q", k, j, r, src)
				}
			}
		}
	}
}
