package docx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// Namespaces and relationship types used in the parts.
const (
	NSW     = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	NSR     = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	NSRels  = "http://schemas.openxmlformats.org/package/2006/relationships"
	NSTypes = "http://schemas.openxmlformats.org/package/2006/content-types"

	RelOfficeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
	RelCoreProps      = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
	RelStyles         = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
	RelSettings       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"
	RelFontTable      = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
	RelFooter         = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
	RelHeader         = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
	RelComments       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"

	CTComments = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
)

// Part is one file of the package.
type Part struct {
	Name string // zip path, e.g. "word/document.xml"
	Data []byte
}

// zipTime is fixed so that the same input gives the same bytes.
var zipTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Zip writes parts in order as a deflated zip archive.
func Zip(parts []Part) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		if err := writeEntry(zw, p.Name, zipTime, p.Data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("zip: %w", err)
	}
	return buf.Bytes(), nil
}

// writeEntry writes one deflated entry.
func writeEntry(zw *zip.Writer, name string, modified time.Time, data []byte) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
	if err != nil {
		return fmt.Errorf("zip %s: %w", name, err)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("zip %s: %w", name, err)
	}
	return nil
}

// Esc escapes s for XML text and attribute values and drops characters XML
// 1.0 cannot carry (control characters from pasted text would otherwise make
// Word refuse the whole file).
func Esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteRune(r)
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, r == utf8.RuneError, r >= 0xD800 && r <= 0xDFFF:
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// DateTime formats t for w:date. Word writes the local wall-clock time with
// a "Z" suffix and shows it back unconverted, so we do the same: the reviewer
// sees the time they signed at.
func DateTime(t time.Time) string {
	return t.Format("2006-01-02T15:04:05Z")
}

// Twips converts millimetres to twentieths of a point.
func Twips(mm float64) int { return int(math.Round(mm * 1440 / 25.4)) }

// Page is the GB/T 9704-2012 page: A4 with the standard margins.
var Page = PageSetup{
	WidthMM: 210, HeightMM: 297,
	TopMM: 37, BottomMM: 35, LeftMM: 28, RightMM: 26,
	Lines: 22, Chars: 28, BodyPt: 16,
	// The 一字线 of the page number sits 7 mm below the text area: a 6 mm
	// footer line standing 2 mm above the footer's bottom, which is 20 mm
	// above the edge, where the 信函格式 draws its lower red line.
	FooterMM: 20, HeaderMM: 15,
	// 信函格式 (10.1): the 发文机关标志's top edge 30 mm below the top of
	// the page, in 小初 (the standard leaves the size to the office; 小初
	// keeps a five-to-eight-character name within the usual 22 mm); red
	// double lines 170 mm long, 4 mm under the 标志 and 20 mm above the
	// bottom edge.
	LetterTopMM: 30, LetterheadPt: 36, LetterGapMM: 4, LetterLineMM: 170,
}

// PageSetup describes the section and its document grid.
type PageSetup struct {
	WidthMM, HeightMM                float64
	TopMM, BottomMM, LeftMM, RightMM float64
	Lines, Chars                     int
	BodyPt                           float64
	FooterMM, HeaderMM               float64
	LetterTopMM, LetterheadPt        float64
	LetterGapMM, LetterLineMM        float64
}

// W and H are the page size in twips. A4 is 11906 x 16838 in Word.
func (p PageSetup) W() int { return Twips(p.WidthMM) }
func (p PageSetup) H() int { return Twips(p.HeightMM) }

// TextWidth and TextHeight are the text area in twips.
func (p PageSetup) TextWidth() int {
	return p.W() - Twips(p.LeftMM) - Twips(p.RightMM)
}
func (p PageSetup) TextHeight() int {
	return p.H() - Twips(p.TopMM) - Twips(p.BottomMM)
}

// LinePitch is the grid line height in twips: the text height shared by
// the lines, rounded down so that all of them fit.
func (p PageSetup) LinePitch() int { return p.TextHeight() / p.Lines }

// Condense is the character spacing, in twips (negative), that brings the
// body font down to the character pitch: 16 pt characters are 0.21 pt too
// wide for 28 to a 156 mm line.
func (p PageSetup) Condense() int {
	pitchPt := float64(p.TextWidth()) / 20 / float64(p.Chars)
	return -int(math.Ceil((p.BodyPt - pitchPt) * 20))
}

// CharSpace is w:docGrid/@w:charSpace: the difference between the character
// pitch that fits Chars characters into the text width and the body font
// size, in 1/4096 pt, rounded down so that all of them fit.
func (p PageSetup) CharSpace() int {
	pitchPt := float64(p.TextWidth()) / 20 / float64(p.Chars)
	return int(math.Floor((pitchPt - p.BodyPt) * 4096))
}

// Section says what a section's page carries besides the text: the
// relationship ids of its footers and, for a letter (信函格式), of the
// first page's header and footer.
type Section struct {
	OddFooter, EvenFooter    string
	FirstHeader, FirstFooter string // both set: the first page differs (titlePg)
}

// SectPr is the section properties with the two footers (odd pages use the
// default footer, even pages the even one; settings.xml turns on
// evenAndOddHeaders).
//
// The grid is a line grid (22 lines) and the 28 characters come from the
// styles' character spacing (Condense), not from a character grid: with
// w:type="linesAndChars" LibreOffice gives every glyph wider than the grid
// pitch two cells, so with the fallback fonts a line held 14 to 18
// characters. Word and WPS lay out the same 28 characters either way;
// charSpace is still written with the value a character grid would have.
func (p PageSetup) SectPr(oddFooterRID, evenFooterRID string) string {
	return p.SectionXML(Section{OddFooter: oddFooterRID, EvenFooter: evenFooterRID})
}

// SectionXML is SectPr for any Section.
func (p PageSetup) SectionXML(sec Section) string {
	var b strings.Builder
	b.WriteString(`<w:sectPr>`)
	first := sec.FirstHeader != "" && sec.FirstFooter != ""
	if first {
		fmt.Fprintf(&b, `<w:headerReference w:type="first" r:id="%s"/>`, sec.FirstHeader)
	}
	if sec.OddFooter != "" {
		fmt.Fprintf(&b, `<w:footerReference w:type="default" r:id="%s"/>`, sec.OddFooter)
	}
	if sec.EvenFooter != "" {
		fmt.Fprintf(&b, `<w:footerReference w:type="even" r:id="%s"/>`, sec.EvenFooter)
	}
	if first {
		fmt.Fprintf(&b, `<w:footerReference w:type="first" r:id="%s"/>`, sec.FirstFooter)
	}
	fmt.Fprintf(&b, `<w:pgSz w:w="%d" w:h="%d"/>`, p.W(), p.H())
	fmt.Fprintf(&b, `<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="%d" w:footer="%d" w:gutter="0"/>`,
		Twips(p.TopMM), Twips(p.RightMM), Twips(p.BottomMM), Twips(p.LeftMM), Twips(p.HeaderMM), Twips(p.FooterMM))
	b.WriteString(`<w:pgNumType w:fmt="decimal" w:start="1"/>`)
	b.WriteString(`<w:cols w:space="720"/>`)
	if first {
		b.WriteString(`<w:titlePg/>`)
	}
	fmt.Fprintf(&b, `<w:docGrid w:type="lines" w:linePitch="%d" w:charSpace="%d"/>`, p.LinePitch(), p.CharSpace())
	b.WriteString(`</w:sectPr>`)
	return b.String()
}

// Font names. The GB2312 faces are what government templates name; each
// has a declared chain of faces to use in its place (Fallbacks).
const (
	FontTitle    = "方正小标宋简体"
	FontBody     = "仿宋_GB2312"
	FontHeading1 = "黑体"
	FontHeading2 = "楷体_GB2312"
	FontSong     = "宋体"
	FontLatin    = "Times New Roman"
)

// Fallbacks is, for each face the documents name, the faces to use in its
// place, best first: the plain GB face every Chinese Windows has, its
// English name, the macOS face, then the Noto CJK face that Linux servers
// have (Debian's fonts-noto-cjk), which is what the PDFs are printed with
// on a server without the GB faces. fontTable.xml gives Word the first one
// (w:altName); the print view's CSS and the PDF renderers' fontconfig
// (review/opinion) use the whole chain, so the three outputs fall back the
// same way.
var Fallbacks = map[string][]string{
	FontTitle:    {"FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "宋体", "SimSun", "Noto Serif CJK SC"},
	FontBody:     {"仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC"},
	FontHeading1: {"SimHei", "STHeiti", "Noto Sans CJK SC"},
	FontHeading2: {"楷体", "KaiTi", "STKaiti", "AR PL UKai CN", "Noto Serif CJK SC"},
	FontSong:     {"SimSun", "STSong", "Noto Serif CJK SC"},
}

// Chain is a face followed by its fallbacks.
func Chain(face string) []string {
	return append([]string{face}, Fallbacks[face]...)
}

type fontDef struct {
	name, panose, charset, family, pitch string
}

// fonts are the faces fontTable.xml describes (PANOSE and charset let Word
// find a look-alike when neither the face nor its altName is installed).
var fonts = []fontDef{
	{FontLatin, "02020603050405020304", "00", "roman", "variable"},
	{FontSong, "02010600030101010101", "86", "auto", "variable"},
	{FontTitle, "02010600030101010101", "86", "auto", "variable"},
	{FontBody, "02010609060101010101", "86", "modern", "fixed"},
	{"仿宋", "02010609060101010101", "86", "modern", "fixed"},
	{FontHeading1, "02010609060101010101", "86", "modern", "fixed"},
	{FontHeading2, "02010609060101010101", "86", "modern", "fixed"},
	{"楷体", "02010609060101010101", "86", "modern", "fixed"},
}

// altName is the one substitute fontTable.xml can name: the first
// fallback, or for the plain faces their English name.
func altName(face string) string {
	switch face {
	case "仿宋":
		return "FangSong"
	case "楷体":
		return "KaiTi"
	}
	if fb := Fallbacks[face]; len(fb) > 0 {
		if face == FontTitle {
			return FontSong // Word's own choice for 小标宋 is 宋体, on every Chinese Windows
		}
		return fb[0]
	}
	return ""
}

// FontTable is word/fontTable.xml.
func FontTable() []byte {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<w:fonts xmlns:w="` + NSW + `">`)
	for _, f := range fonts {
		fmt.Fprintf(&b, `<w:font w:name="%s">`, Esc(f.name))
		if alt := altName(f.name); alt != "" {
			fmt.Fprintf(&b, `<w:altName w:val="%s"/>`, Esc(alt))
		}
		fmt.Fprintf(&b, `<w:panose1 w:val="%s"/><w:charset w:val="%s"/><w:family w:val="%s"/><w:pitch w:val="%s"/></w:font>`,
			f.panose, f.charset, f.family, f.pitch)
	}
	b.WriteString(`</w:fonts>`)
	return []byte(b.String())
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// XMLHeader is the declaration every part starts with.
const XMLHeader = xmlHeader

func rFonts(eastAsia, latin string) string {
	return fmt.Sprintf(`<w:rFonts w:ascii="%[2]s" w:hAnsi="%[2]s" w:eastAsia="%[1]s" w:cs="%[2]s"/>`, Esc(eastAsia), Esc(latin))
}

// Styles is word/styles.xml: the paragraph styles the documents use.
// Line spacing is exact at the grid pitch so that Word and LibreOffice both
// lay out 22 lines whether or not they honour the document grid.
func (p PageSetup) Styles() []byte {
	pitch := p.LinePitch()
	indent := int(p.BodyPt * 20 * 2)
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<w:styles xmlns:w="` + NSW + `">`)
	fmt.Fprintf(&b, `<w:docDefaults><w:rPrDefault><w:rPr>%s<w:kern w:val="2"/><w:sz w:val="%d"/><w:szCs w:val="%[2]d"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>`,
		rFonts(FontBody, FontLatin), int(p.BodyPt*2))
	fmt.Fprintf(&b, `<w:pPrDefault><w:pPr><w:spacing w:line="%d" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>`, pitch)
	style := func(id, name, basedOn, ppr, rpr string, extra string) {
		fmt.Fprintf(&b, `<w:style w:type="paragraph" w:styleId="%s"`, id)
		if id == "Normal" {
			b.WriteString(` w:default="1"`)
		}
		fmt.Fprintf(&b, `><w:name w:val="%s"/>`, name)
		if basedOn != "" {
			fmt.Fprintf(&b, `<w:basedOn w:val="%s"/>`, basedOn)
		}
		b.WriteString(extra)
		if ppr != "" {
			b.WriteString(`<w:pPr>` + ppr + `</w:pPr>`)
		}
		if rpr != "" {
			b.WriteString(`<w:rPr>` + rpr + `</w:rPr>`)
		}
		b.WriteString(`</w:style>`)
	}
	body := fmt.Sprintf(`<w:ind w:firstLineChars="200" w:firstLine="%d"/>`, indent)
	// Normal repeats the size: LibreOffice takes the grid's reference size
	// from the Normal style, not from docDefaults.
	style("Normal", "Normal", "", "", fmt.Sprintf(`<w:spacing w:val="%d"/><w:sz w:val="%d"/><w:szCs w:val="%[2]d"/>`, p.Condense(), int(p.BodyPt*2)), `<w:qFormat/>`)
	style("Title", "Title", "Normal", `<w:snapToGrid w:val="0"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/>`,
		rFonts(FontTitle, FontLatin)+`<w:sz w:val="44"/><w:szCs w:val="44"/>`, `<w:next w:val="DocNumber"/><w:qFormat/>`)
	style("DocNumber", "发文字号", "Normal", `<w:jc w:val="right"/>`, "", `<w:next w:val="Title"/>`)
	style("Addressee", "主送机关", "Normal", "", "", `<w:next w:val="BodyText"/>`)
	style("BodyText", "Body Text", "Normal", body, "", `<w:qFormat/>`)
	style("Heading1", "heading 1", "Normal", `<w:keepNext/>`+body+`<w:outlineLvl w:val="1"/>`,
		rFonts(FontHeading1, FontLatin), `<w:next w:val="BodyText"/><w:qFormat/>`)
	style("Heading2", "heading 2", "Normal", `<w:keepNext/>`+body+`<w:outlineLvl w:val="2"/>`,
		rFonts(FontHeading2, FontLatin), `<w:next w:val="BodyText"/><w:qFormat/>`)
	style("Letterhead", "发文机关标志", "Normal",
		fmt.Sprintf(`<w:spacing w:line="%d" w:lineRule="exact"/><w:jc w:val="center"/>`, p.LetterheadLine()),
		rFonts(FontTitle, FontLatin)+fmt.Sprintf(`<w:color w:val="%s"/><w:spacing w:val="0"/><w:sz w:val="%d"/><w:szCs w:val="%[2]d"/>`, Red, int(p.LetterheadPt*2)),
		`<w:next w:val="DocNumber"/>`)
	style("AnnexMark", "附件标识", "Normal", "", rFonts(FontHeading1, FontLatin), `<w:next w:val="Title"/>`)
	style("Signature", "Signature", "Normal", fmt.Sprintf(`<w:jc w:val="right"/><w:ind w:right="%d"/>`, int(p.BodyPt*20*4)), "", "")
	style("Footer", "footer", "Normal", fmt.Sprintf(`<w:snapToGrid w:val="0"/><w:spacing w:after="%d" w:line="340" w:lineRule="exact"/>`, Twips(2)),
		rFonts(FontSong, FontSong)+`<w:spacing w:val="0"/><w:sz w:val="28"/><w:szCs w:val="28"/>`, "")
	b.WriteString(`</w:styles>`)
	return []byte(b.String())
}

// Red is the colour of the 版头 (GB/T 9704 7.2.3, 10.1).
const Red = "FF0000"

// LetterheadLine is the exact line height of the 发文机关标志 in twips: a
// quarter more than its size, as Word gives a single line.
func (p PageSetup) LetterheadLine() int { return int(p.LetterheadPt * 20 * 5 / 4) }

// LetterheadBefore is the space above the 发文机关标志 in its header, in
// twips: from the header's top (HeaderMM) to 30 mm, less the half-leading
// above the glyphs.
func (p PageSetup) LetterheadBefore() int {
	return Twips(p.LetterTopMM-p.HeaderMM) - (p.LetterheadLine()-int(p.LetterheadPt*20))/2
}

// LetterGap is the gap between the 发文机关标志 and the red double line
// under it, in points (w:pBdr's w:space unit): 4 mm.
func (p PageSetup) LetterGap() int { return int(math.Round(p.LetterGapMM * 72 / 25.4)) }

// LetterIndents are the left and right indents, in twips (negative), that
// make a paragraph border LetterLineMM long and centred on the page.
func (p PageSetup) LetterIndents() (left, right int) {
	side := (p.WidthMM - p.LetterLineMM) / 2
	return -Twips(p.LeftMM - side), -Twips(p.RightMM - side)
}

// letterBorder is a red double line border: thick over thin under the
// 标志, thin over thick at the foot of the page.
func (p PageSetup) letterBorder(side, kind string, space int) string {
	return fmt.Sprintf(`<w:pBdr><w:%s w:val="%s" w:sz="18" w:space="%d" w:color="%s"/></w:pBdr>`, side, kind, space, Red)
}

// LetterHeader is the first page's header of a letter (信函格式, GB/T
// 9704 10.1): the 发文机关标志 in red 小标宋, its top edge 30 mm below the
// top of the page, and the red double line (上粗下细) 4 mm under it, 170
// mm long. Word and LibreOffice move the text down below a header taller
// than the top margin, so the body starts under the line.
func (p PageSetup) LetterHeader(mark string) []byte {
	l, r := p.LetterIndents()
	return []byte(xmlHeader + `<w:hdr xmlns:w="` + NSW + `" xmlns:r="` + NSR + `">` +
		`<w:p><w:pPr><w:pStyle w:val="Letterhead"/>` + p.letterBorder("bottom", "thickThinSmallGap", p.LetterGap()) +
		fmt.Sprintf(`<w:spacing w:before="%d" w:after="0"/><w:ind w:left="%d" w:right="%d"/>`, p.LetterheadBefore(), l, r) +
		`</w:pPr>` + RunXML("", mark) + `</w:p></w:hdr>`)
}

// LetterFooter is the first page's footer of a letter: no page number
// (10.1: 首页不显示页码), the red double line (上细下粗) 20 mm above the
// bottom edge, 170 mm long.
func (p PageSetup) LetterFooter() []byte {
	l, r := p.LetterIndents()
	return []byte(xmlHeader + `<w:ftr xmlns:w="` + NSW + `" xmlns:r="` + NSR + `">` +
		`<w:p><w:pPr><w:pStyle w:val="Footer"/>` + p.letterBorder("bottom", "thinThickSmallGap", 0) +
		fmt.Sprintf(`<w:spacing w:after="0" w:line="20" w:lineRule="exact"/><w:ind w:left="%d" w:right="%d"/>`, l, r) +
		`</w:pPr></w:p></w:ftr>`)
}

// Settings is word/settings.xml. evenAndOddHeaders makes Word use the even
// footer on even pages, which is how GB/T 9704 puts page numbers on the
// outer edge.
func Settings() []byte {
	return []byte(xmlHeader + `<w:settings xmlns:w="` + NSW + `">` +
		`<w:zoom w:percent="100"/>` +
		`<w:evenAndOddHeaders/>` +
		`<w:defaultTabStop w:val="420"/>` +
		`<w:characterSpacingControl w:val="compressPunctuation"/>` +
		`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
		`</w:settings>`)
}

// Footer is a footer part holding the page number as "— N —". Odd pages
// put it on the right, even pages on the left, one character in from the
// edge of the text area (右空一字 / 左空一字).
func Footer(odd bool) []byte {
	ind := `<w:ind w:right="280"/>`
	jc := "right"
	if !odd {
		ind = `<w:ind w:left="280"/>`
		jc = "left"
	}
	run := func(inner string) string { return `<w:r>` + inner + `</w:r>` }
	return []byte(xmlHeader + `<w:ftr xmlns:w="` + NSW + `" xmlns:r="` + NSR + `">` +
		`<w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="` + jc + `"/>` + ind + `</w:pPr>` +
		run(`<w:t xml:space="preserve">— </w:t>`) +
		run(`<w:fldChar w:fldCharType="begin"/>`) +
		run(`<w:instrText xml:space="preserve"> PAGE </w:instrText>`) +
		run(`<w:fldChar w:fldCharType="separate"/>`) +
		run(`<w:t>1</w:t>`) +
		run(`<w:fldChar w:fldCharType="end"/>`) +
		run(`<w:t xml:space="preserve"> —</w:t>`) +
		`</w:p></w:ftr>`)
}

// CoreProps is docProps/core.xml with the title and author.
func CoreProps(title, creator string, t time.Time) []byte {
	ts := t.UTC().Format("2006-01-02T15:04:05Z")
	return []byte(xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + Esc(title) + `</dc:title>` +
		`<dc:creator>` + Esc(creator) + `</dc:creator>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:modified>` +
		`</cp:coreProperties>`)
}

// Document wraps body XML (paragraphs followed by the sectPr) into
// word/document.xml.
func Document(body string) []byte {
	return []byte(xmlHeader + `<w:document xmlns:w="` + NSW + `" xmlns:r="` + NSR + `"><w:body>` + body + `</w:body></w:document>`)
}

// Basic assembles a complete package around body XML in the house style.
// comments, when not nil, becomes word/comments.xml.
func Basic(title, creator string, t time.Time, body string, comments []byte) ([]byte, error) {
	return Assemble(Doc{Title: title, Creator: creator, Time: t, Body: body, Comments: comments})
}

// Doc is a document in the house style.
type Doc struct {
	Title, Creator string
	Time           time.Time
	Body           string // paragraphs, without the sectPr
	Comments       []byte // word/comments.xml, or nil
	// Letterhead, when not empty, makes the document a letter (信函格式):
	// the first page carries this 发文机关标志 and the red double lines,
	// and no page number.
	Letterhead string
}

// Assemble writes the package of a Doc.
func Assemble(d Doc) ([]byte, error) {
	p := Page
	ct := `<Types xmlns="` + NSTypes + `">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
		`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
		`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
		`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
		`<Override PartName="/word/footer1.xml" ContentType="` + ctFooter + `"/>` +
		`<Override PartName="/word/footer2.xml" ContentType="` + ctFooter + `"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`
	rels := `<Relationships xmlns="` + NSRels + `">` +
		`<Relationship Id="rId1" Type="` + RelStyles + `" Target="styles.xml"/>` +
		`<Relationship Id="rId2" Type="` + RelSettings + `" Target="settings.xml"/>` +
		`<Relationship Id="rId3" Type="` + RelFontTable + `" Target="fontTable.xml"/>` +
		`<Relationship Id="rId4" Type="` + RelFooter + `" Target="footer1.xml"/>` +
		`<Relationship Id="rId5" Type="` + RelFooter + `" Target="footer2.xml"/>`
	sec := Section{OddFooter: "rId4", EvenFooter: "rId5"}
	var extra []Part
	if d.Comments != nil {
		ct += `<Override PartName="/word/comments.xml" ContentType="` + CTComments + `"/>`
		rels += `<Relationship Id="rId6" Type="` + RelComments + `" Target="comments.xml"/>`
		extra = append(extra, Part{"word/comments.xml", d.Comments})
	}
	if d.Letterhead != "" {
		ct += `<Override PartName="/word/header1.xml" ContentType="` + ctHeader + `"/>` +
			`<Override PartName="/word/footer3.xml" ContentType="` + ctFooter + `"/>`
		rels += `<Relationship Id="rId7" Type="` + RelHeader + `" Target="header1.xml"/>` +
			`<Relationship Id="rId8" Type="` + RelFooter + `" Target="footer3.xml"/>`
		sec.FirstHeader, sec.FirstFooter = "rId7", "rId8"
		extra = append(extra, Part{"word/header1.xml", p.LetterHeader(d.Letterhead)}, Part{"word/footer3.xml", p.LetterFooter()})
	}
	ct += `</Types>`
	rels += `</Relationships>`
	parts := []Part{
		{"[Content_Types].xml", []byte(xmlHeader + ct)},
		{"_rels/.rels", []byte(xmlHeader + `<Relationships xmlns="` + NSRels + `">` +
			`<Relationship Id="rId1" Type="` + RelOfficeDocument + `" Target="word/document.xml"/>` +
			`<Relationship Id="rId2" Type="` + RelCoreProps + `" Target="docProps/core.xml"/>` +
			`</Relationships>`)},
		{"docProps/core.xml", CoreProps(d.Title, d.Creator, d.Time)},
		{"word/document.xml", Document(d.Body + p.SectionXML(sec))},
		{"word/_rels/document.xml.rels", []byte(xmlHeader + rels)},
		{"word/styles.xml", p.Styles()},
		{"word/settings.xml", Settings()},
		{"word/fontTable.xml", FontTable()},
		{"word/footer1.xml", Footer(true)},
		{"word/footer2.xml", Footer(false)},
	}
	return Zip(append(parts, extra...))
}

const (
	ctFooter = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
	ctHeader = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
)

// RunXML is one run; rpr is inner w:rPr XML or "".
func RunXML(rpr, text string) string {
	s := `<w:r>`
	if rpr != "" {
		s += `<w:rPr>` + rpr + `</w:rPr>`
	}
	return s + `<w:t xml:space="preserve">` + Esc(text) + `</w:t></w:r>`
}

// Initials derives w:initials from a name: Chinese names are short enough to
// show whole, Latin names give their capitals.
func Initials(name string) string {
	if utf8.RuneCountInString(name) <= 3 {
		return name
	}
	var b strings.Builder
	for _, f := range strings.Fields(name) {
		r, _ := utf8.DecodeRuneInString(f)
		b.WriteRune(r)
	}
	if b.Len() == 0 || utf8.RuneCountInString(b.String()) == 1 {
		return string([]rune(name)[:2])
	}
	return b.String()
}

// Comment is one w:comment for comments.xml. Text lines become paragraphs.
type Comment struct {
	ID       int
	Author   string
	Initials string
	Date     time.Time
	Text     string
}

// CommentXML renders one w:comment element.
func CommentXML(c Comment) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<w:comment w:id="%d" w:author="%s"`, c.ID, Esc(c.Author))
	if !c.Date.IsZero() {
		fmt.Fprintf(&b, ` w:date="%s"`, DateTime(c.Date))
	}
	ini := c.Initials
	if ini == "" {
		ini = Initials(c.Author)
	}
	fmt.Fprintf(&b, ` w:initials="%s">`, Esc(ini))
	for i, line := range strings.Split(c.Text, "\n") {
		b.WriteString(`<w:p><w:pPr><w:spacing w:line="240" w:lineRule="auto"/><w:jc w:val="left"/></w:pPr>`)
		if i == 0 {
			b.WriteString(`<w:r><w:annotationRef/></w:r>`)
		}
		if line != "" {
			b.WriteString(RunXML(`<w:sz w:val="21"/><w:szCs w:val="21"/>`, line))
		}
		b.WriteString(`</w:p>`)
	}
	b.WriteString(`</w:comment>`)
	return b.String()
}

// Comments renders a complete word/comments.xml.
func Comments(cs []Comment) []byte {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:comments xmlns:w="` + NSW + `" xmlns:r="` + NSR + `">`)
	for _, c := range cs {
		b.WriteString(CommentXML(c))
	}
	b.WriteString(`</w:comments>`)
	return []byte(b.String())
}
