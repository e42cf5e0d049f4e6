// Package extracttest makes hostile files for tests, at test time: bombs,
// nesting, truncation, odd encodings and names (issue 14). Nothing large
// is committed; a 1 GB PDF bomb is a megabyte written here in a second.
// The web and the command line run the same files (web/hostile_test.go,
// cmd/lawreview/hostile_test.go), so both answer each one the same way.
package extracttest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/adler32"
	"io"
	"strings"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"

	"lawreview/corpus/extract"
)

// Outcomes other than an extract.Code.
const (
	Accepted = "ok"    // read and reviewed like any draft
	Limit    = "limit" // refused by the review's work limits (review.LimitError)
	BadName  = "name"  // refused for its file name before it is read
)

// File is one hostile file and what must happen to it.
type File struct {
	Name  string
	Data  []byte
	Class string // bomb, nesting, budget, truncation, encoding, name
	Want  string // Accepted, Limit, BadName or an extract.Code
	Note  string
}

// Bomb reports whether the file inflates far beyond its size: its peak
// memory is measured in a child process.
func (f File) Bomb() bool { return f.Class == "bomb" }

// Draft is a short lawful-looking village rule, the body of the accepted
// files.
const Draft = "东湖镇青山村村规民约\n第一条 为了推进村民自治，根据《中华人民共和国村民委员会组织法》，制定本村规民约。\n第二条 村民应当遵守法律法规，爱护公共设施。\n第三条 村民之间发生纠纷，应当协商解决或者申请人民调解委员会调解。\n"

// Files returns every hostile file. fixtures reads a file of
// corpus/extract/testdata by name (the callers live in other folders).
func Files(fixture func(name string) []byte) []File {
	docxFix := fixture("村规民约.docx")
	pdfFix := fixture("规范性文件.pdf")
	var fs []File
	add := func(class, name, want, note string, data []byte) {
		fs = append(fs, File{Name: name, Data: data, Class: class, Want: want, Note: note})
	}

	// Bombs.
	add("bomb", "空格炸弹.pdf", string(extract.CodeZipBomb), "one content stream of 1 GiB of spaces", FlatePDF(1<<30, []byte(strings.Repeat(" ", 4096))))
	add("bomb", "文字炸弹.pdf", string(extract.CodeZipBomb), "one content stream of 300 MB of text operators",
		FlatePDF(300<<20, []byte("BT /F1 12 Tf 72 700 Td (aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa) Tj ET\n")))
	add("bomb", "多流炸弹.pdf", string(extract.CodeZipBomb), "40 pages of 15 MB streams, each under the per-stream check", ManyStreamPDF(40, 15<<20))
	add("bomb", "十六进制炸弹.pdf", string(extract.CodeZipBomb), "[/ASCIIHexDecode /FlateDecode]: hidden from the stream scan, stopped by the sandbox's memory cap", HexFlatePDF(400<<20))
	add("bomb", "压缩比炸弹.docx", string(extract.CodeZipBomb), "document.xml of 50 MB of zeros, declared", RawZip("word/document.xml", deflate(zeros(50<<20)), 0, 50<<20))
	add("bomb", "总量炸弹.docx", string(extract.CodeZipBomb), "ratio about 40 like issue 14's, 60 MB of XML in two parts", Docx(parts(2, 30<<20)...))
	add("bomb", "样式元素炸弹.docx", string(extract.CodeZipBomb), "styles.xml of 300,000 elements", Docx(Part{"word/document.xml", DocumentXML(para("第一条 内容。"))}, Part{"word/styles.xml", manyElements(300_000)}))
	add("bomb", "空段落炸弹.docx", string(extract.CodeTooLong), "2 million empty paragraphs", Docx(Part{"word/document.xml", DocumentXML(manyParas(2_000_000))}))
	add("bomb", "实体炸弹.docx", string(extract.CodeCorrupt), "billion laughs in document.xml", Docx(Part{"word/document.xml", billionLaughs()}))
	add("bomb", "谎报大小.docx", string(extract.CodeCorrupt), "an entry declaring 100 bytes that inflates to 8 MB", RawZip("word/document.xml", deflate(zeros(8<<20)), 0, 100))

	// Nesting.
	add("nesting", "深层嵌套.docx", string(extract.CodeTooDeep), "300 nested content controls",
		Docx(Part{"word/document.xml", DocumentXML(strings.Repeat("<w:sdt><w:sdtContent>", 300) + para("深") + strings.Repeat("</w:sdtContent></w:sdt>", 300))}))
	add("nesting", "嵌套表格.docx", string(extract.CodeTooDeep), "tables nested 150 deep", Docx(Part{"word/document.xml", DocumentXML(nestedTables(150))}))
	add("nesting", "引用嵌套.md", Accepted, "a quote marker 300,000 deep (was quadratic: about a minute)", []byte("# 村规民约\n"+strings.Repeat(">", 300_000)+" 第一条 村民应当遵守法律法规。\n"))
	add("nesting", "列表嵌套.md", Accepted, "500 nested list levels", nestedList(500))
	add("nesting", "强调嵌套.md", Accepted, "50,000 asterisks each side of a word", []byte("# 村规民约\n"+strings.Repeat("*", 50_000)+"第一条"+strings.Repeat("*", 50_000)+"\n"))
	add("nesting", "链接嵌套.md", Accepted, "100,000 open brackets", []byte("# 村规民约\n"+strings.Repeat("[", 100_000)+"第一条"+strings.Repeat("](x)", 1000)+"\n"))
	add("nesting", "未闭合代码块.md", Accepted, "an unclosed fence over 5,000 lines", []byte("# 村规民约\n第一条 村民应当遵守法律法规。\n```\n"+strings.Repeat("代码\n", 5_000)))

	// Work budgets.
	add("budget", "单行文本.txt", string(extract.CodeTooLong), "10 MB of ASCII on one line", bytes.Repeat([]byte("a"), 10<<20))
	add("budget", "单行汉字.txt", string(extract.CodeTooLong), "3 million Chinese characters on one line", []byte(strings.Repeat("村民", 1_500_000)))
	add("budget", "超大文件.txt", string(extract.CodeTooLarge), "21 MB, over the upload limit", bytes.Repeat([]byte("村民应当遵守村规民约。\n"), 21<<20/33))
	add("budget", "表格意见.md", Limit, "a Markdown table of 1,500 unlawful clauses (issue 14: 30,912 findings)", findingsTable(1500))
	add("budget", "条款意见.txt", Limit, "1,500 unlawful clauses, one per line", findingsLines(1500))
	add("budget", "表格行数.md", string(extract.CodeTooLong), "12,000 table rows of two cells", manyRows(12_000))
	add("budget", "空行.txt", Accepted, "a draft after 300,000 blank lines", append(bytes.Repeat([]byte("\n"), 300_000), Draft...))

	// Truncation.
	add("truncation", "截断.docx", string(extract.CodeCorrupt), "the first half of a real .docx", docxFix[:len(docxFix)/2])
	add("truncation", "仅文件头.pdf", string(extract.CodeCorrupt), "a PDF header and nothing else", []byte("%PDF-1.7\n"))
	add("truncation", "错乱交叉引用.pdf", string(extract.CodeCorrupt), "objects and an xref of garbage", append([]byte("%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 9 0 R>> endobj\nxref\n0 9\n"), bytes.Repeat([]byte("zz 99 q \n"), 1000)...))
	add("truncation", "截断.pdf", string(extract.CodeCorrupt), "the first tenth of a real PDF", pdfFix[:len(pdfFix)/10])
	add("truncation", "仅本地文件头.docx", string(extract.CodeCorrupt), "a zip local header only", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"))
	add("truncation", "空文件.txt", string(extract.CodeEmpty), "zero bytes", nil)
	add("truncation", "只有空白.txt", string(extract.CodeEmpty), "a BOM and white space", []byte("\xEF\xBB\xBF \r\n\u3000\t\n"))
	add("truncation", "没有正文.docx", string(extract.CodeUnsupported), "a zip without word/document.xml", Docx(Part{"word/styles.xml", "<w:styles/>"}))

	// Encodings.
	add("encoding", "无BOM小端.txt", Accepted, "UTF-16LE without a byte order mark (was refused)", utf16Bytes(Draft, false, false))
	add("encoding", "无BOM大端.txt", Accepted, "UTF-16BE without a byte order mark", utf16Bytes(Draft, true, false))
	add("encoding", "有BOM小端.txt", Accepted, "UTF-16LE with its byte order mark", utf16Bytes(Draft, false, true))
	add("encoding", "国标.txt", Accepted, "GBK", gbk(Draft))
	add("encoding", "提到PDF.txt", Accepted, "a text file quoting %PDF- in its first kilobyte (was refused as a broken PDF)", []byte("说明：附件为扫描件，文件头为 %PDF-1.7。\n"+Draft))
	add("encoding", "乱码.txt", string(extract.CodeUnsupported), "random high bytes", pseudoRandom(64<<10))
	add("encoding", "UTF32.txt", string(extract.CodeUnsupported), "UTF-32LE", utf32(Draft))
	add("encoding", "夹杂空字节.txt", string(extract.CodeUnsupported), "UTF-8 with NUL bytes sprinkled in", bytes.ReplaceAll([]byte(Draft), []byte("，"), []byte("\x00\x00\x00")))
	add("encoding", "程序.txt", string(extract.CodeUnsupported), "an ELF binary renamed .txt", append([]byte("\x7fELF\x02\x01\x01\x00"), pseudoRandom(4096)...))
	add("encoding", "网页.docx", string(extract.CodeMismatch), "a web page renamed .docx", []byte("<!DOCTYPE html><html><body><p>"+Draft+"</p></body></html>"))
	add("encoding", "图片.pdf", string(extract.CodeUnsupported), "a PNG renamed .pdf", append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), pseudoRandom(1024)...))

	// Names (the web reads them from the form; a path cannot hold some).
	add("name", "草案\x00.txt", BadName, "a NUL in the name (was: unsupported type)", []byte(Draft))
	add("name", "草案\n副本.txt", BadName, "a line break in the name", []byte(Draft))
	add("name", "\u202Etxt.exe", BadName, "a right-to-left override hiding .exe", []byte(Draft))
	add("name", strings.Repeat("很长的名字", 60)+".txt", BadName, "300 characters", []byte(Draft))
	add("name", "草案", BadName, "no extension", []byte(Draft))
	add("name", "../../etc/passwd.txt", Accepted, "a path: only its last element is kept", []byte(Draft))
	add("name", `C:\Users\张敏\Desktop\草案.txt`, Accepted, "a Windows path", []byte(Draft))
	add("name", "草案.TXT", Accepted, "an upper-case extension", []byte(Draft))
	return fs
}

// ---- PDF

// FlatePDF is a one-page PDF whose content stream inflates to about n
// bytes of unit repeated.
func FlatePDF(n int64, unit []byte) []byte {
	return pdf([]pdfStream{{data: zlibRepeat(n, unit), filter: "/FlateDecode"}})
}

// ManyStreamPDF has pages pages, each with a content stream inflating to
// size bytes of spaces.
func ManyStreamPDF(pages int, size int64) []byte {
	z := zlibRepeat(size, []byte(strings.Repeat(" ", 4096)))
	ss := make([]pdfStream, pages)
	for i := range ss {
		ss[i] = pdfStream{data: z, filter: "/FlateDecode"}
	}
	return pdf(ss)
}

// HexFlatePDF hides a Flate stream of n bytes of spaces behind an
// ASCIIHex stage, which the stream scan does not decode.
func HexFlatePDF(n int64) []byte {
	z := zlibRepeat(n, []byte(strings.Repeat(" ", 4096)))
	h := make([]byte, hex.EncodedLen(len(z))+1)
	hex.Encode(h, z)
	h[len(h)-1] = '>'
	return pdf([]pdfStream{{data: h, filter: "[/ASCIIHexDecode /FlateDecode]"}})
}

type pdfStream struct {
	data   []byte
	filter string
}

// pdf writes pages with the given content streams and a correct xref.
func pdf(streams []pdfStream) []byte {
	var b bytes.Buffer
	var offs []int
	obj := func(format string, a ...any) {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, format, a...)
	}
	n := len(streams)
	b.WriteString("%PDF-1.4\n")
	obj("1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n")
	kids := make([]string, n)
	for i := range kids {
		kids[i] = fmt.Sprintf("%d 0 R", 4+2*i)
	}
	obj("2 0 obj <</Type/Pages/Kids[%s]/Count %d>> endobj\n", strings.Join(kids, " "), n)
	obj("3 0 obj <</Type/Font/Subtype/Type1/BaseFont/Helvetica>> endobj\n")
	for i, s := range streams {
		obj("%d 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</Font<</F1 3 0 R>>>>/Contents %d 0 R>> endobj\n", 4+2*i, 5+2*i)
		obj("%d 0 obj <</Length %d/Filter %s>> stream\n", 5+2*i, len(s.data), s.filter)
		b.Write(s.data)
		b.WriteString("\nendstream endobj\n")
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer <</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, x)
	return b.Bytes()
}

// zlibRepeat is a zlib stream of about n bytes of unit repeated, built in
// milliseconds: one deflate block of a megabyte, compressed once and
// flushed to a byte boundary, decodes the same wherever it stands (its
// back-references reach only into itself), so the stream is that block
// over and over, an empty final block and the Adler-32 of the whole.
func zlibRepeat(n int64, unit []byte) []byte {
	chunk := bytes.Repeat(unit, max(1, (1<<20)/len(unit)))
	var blk bytes.Buffer
	fw, _ := flate.NewWriter(&blk, flate.BestCompression)
	fw.Write(chunk)
	fw.Flush()
	count := max(1, n/int64(len(chunk)))
	var z bytes.Buffer
	z.Write([]byte{0x78, 0xDA})
	sum := adler32.New()
	for range count {
		z.Write(blk.Bytes())
		sum.Write(chunk)
	}
	z.Write([]byte{0x03, 0x00}) // final block: fixed Huffman, end of block only
	z.Write(sum.Sum(nil))
	return z.Bytes()
}

// ---- .docx

// Part is one entry of a zip package.
type Part struct{ Name, Body string }

// Docx zips parts (deflated) into a package.
func Docx(ps ...Part) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range ps {
		w, _ := zw.Create(p.Name)
		io.WriteString(w, p.Body)
	}
	zw.Close()
	return buf.Bytes()
}

// DocumentXML wraps a WordprocessingML body.
func DocumentXML(body string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`
}

func para(text string) string { return "<w:p><w:r><w:t>" + text + "</w:t></w:r></w:p>" }

// RawZip stores one entry whose compressed bytes are given, declaring
// size: bombs and liars without inflating anything.
func RawZip(name string, compressed []byte, crc uint32, size uint64) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc, CompressedSize64: uint64(len(compressed)), UncompressedSize64: size})
	w.Write(compressed)
	zw.Close()
	return buf.Bytes()
}

func deflate(b []byte) []byte {
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestCompression)
	fw.Write(b)
	fw.Close()
	return buf.Bytes()
}

func zeros(n int) []byte { return make([]byte, n) }

// parts is n parts of size bytes of numbered paragraphs each: their
// numbers keep the ratio near 40, under the per-part ratio check.
func parts(n, size int) []Part {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "<w:p><w:r><w:t>第%d条</w:t></w:r></w:p>", i)
	}
	ps := []Part{{"word/document.xml", DocumentXML(b.String())}}
	for i := 1; i < n; i++ {
		ps = append(ps, Part{fmt.Sprintf("word/header%d.xml", i), b.String()})
	}
	return ps
}

func manyElements(n int) string {
	var b strings.Builder
	b.WriteString(`<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">`)
	for i := range n {
		fmt.Fprintf(&b, `<w:s w:v="%d"/>`, i)
	}
	b.WriteString("</w:styles>")
	return b.String()
}

func manyParas(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `<w:p w:r="%d"/>`, i)
	}
	return b.String()
}

func billionLaughs() string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">`)
	prev := "lol"
	for i := 1; i <= 9; i++ {
		cur := fmt.Sprintf("lol%d", i)
		b.WriteString(`<!ENTITY ` + cur + ` "` + strings.Repeat("&"+prev+";", 10) + `">`)
		prev = cur
	}
	b.WriteString(`]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>`)
	return b.String()
}

func nestedTables(depth int) string {
	return strings.Repeat("<w:tbl><w:tr><w:tc>", depth) + para("格") + strings.Repeat("</w:tc></w:tr></w:tbl>", depth)
}

// ---- text

func nestedList(depth int) []byte {
	var b bytes.Buffer
	b.WriteString("# 村规民约\n")
	for i := range depth {
		b.WriteString(strings.Repeat("  ", i) + "- 第" + fmt.Sprint(i+1) + "条 村民应当遵守法律法规。\n")
	}
	return b.Bytes()
}

// unlawful is a clause with two findings: a ban on petitioning and a fine
// a village may not impose.
const unlawful = "村民不得越级上访，违者由村委会处以500元罚款。"

// numbered is head followed by n lines of line, each with its number.
func numbered(head, line string, n int) []byte {
	var b bytes.Buffer
	b.WriteString(head)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, line, i)
	}
	return b.Bytes()
}

func findingsTable(rows int) []byte {
	return numbered("# 村规民约\n| 条 | 内容 |\n| --- | --- |\n", "| 第%d条 | "+unlawful+" |\n", rows)
}

func findingsLines(n int) []byte { return numbered("村规民约\n", "第%d条 "+unlawful+"\n", n) }

func manyRows(n int) []byte {
	return numbered("# 村规民约\n| 序号 | 内容 |\n| --- | --- |\n", "| %d | 爱护公共设施 |\n", n)
}

func utf16Bytes(s string, bigEndian, bom bool) []byte {
	var b bytes.Buffer
	order := binary.ByteOrder(binary.LittleEndian)
	if bigEndian {
		order = binary.BigEndian
	}
	if bom {
		binary.Write(&b, order, uint16(0xFEFF))
	}
	for _, u := range utf16.Encode([]rune(s)) {
		binary.Write(&b, order, u)
	}
	return b.Bytes()
}

func utf32(s string) []byte {
	var b bytes.Buffer
	for _, r := range s {
		binary.Write(&b, binary.LittleEndian, uint32(r))
	}
	return b.Bytes()
}

func gbk(s string) []byte {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return b
}

// pseudoRandom is n bytes of a fixed sequence without structure.
func pseudoRandom(n int) []byte {
	b := make([]byte, n)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x) | 0x80
	}
	return b
}
