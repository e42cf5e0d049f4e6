package opinion

import (
	"fmt"
	"html"
	"strings"

	"lawreview/corpus/docx"
)

// The print view repeats the .docx layout in CSS: the same A4 page and
// margins, 22 lines of 28 characters (line-height is the grid pitch,
// letter-spacing condenses each 16 pt character as the .docx styles do),
// the same 版头 geometry, page numbers "— 1 —" at the outer bottom edge
// through @page margin boxes. Font stacks are the faces' declared chains
// (docx.Fallbacks), the same the PDF renderers' fontconfig uses.

// fontStack is a CSS font-family list for a face and its fallbacks.
func fontStack(face, generic string) string {
	var q []string
	for _, f := range docx.Chain(face) {
		q = append(q, `"`+f+`"`)
	}
	return strings.Join(append(q, generic), ",")
}

func (o *Opinion) css() string {
	p := docx.Page
	pt := func(twips int) float64 { return float64(twips) / 20 }
	pitch := pt(p.LinePitch())
	textWidthMM := p.WidthMM - p.LeftMM - p.RightMM
	latin := `"` + docx.FontLatin + `",`
	pageNo := fmt.Sprintf(`content:"— " counter(page) " —";font-family:%s;font-size:14pt;vertical-align:top;padding-top:7mm;`, latin+fontStack(docx.FontSong, "serif"))
	var b strings.Builder
	fmt.Fprintf(&b, "@page{size:A4;margin:%gmm %gmm %gmm %gmm;}\n", p.TopMM, p.RightMM, p.BottomMM, p.LeftMM)
	fmt.Fprintf(&b, "@page :right{@bottom-right{%spadding-right:1em;}}\n", pageNo)
	fmt.Fprintf(&b, "@page :left{@bottom-left{%spadding-left:1em;}}\n", pageNo)
	// Left and right margins that make a rule LetterLineMM long, centred.
	l, r := p.LetterIndents()
	wide := fmt.Sprintf("margin-left:%gpt;margin-right:%gpt;", pt(l), pt(r))
	if !o.Letterhead.Off {
		// 信函格式: the first page starts at the 标志's line box, 30 mm
		// down; no page number on it, the lower red double line 20 mm
		// above the edge.
		half := float64(p.LetterheadLine()-int(p.LetterheadPt*20)) / 40
		fmt.Fprintf(&b, "@page :first{margin-top:%.2fmm;@bottom-right{content:none;}@bottom-left{content:none;}"+
			"@bottom-center{content:\"\";height:1pt;border-top:0.5pt solid #%[3]s;border-bottom:1.5pt solid #%[3]s;vertical-align:top;margin-top:%.2[2]fmm;%[4]s}}\n",
			p.LetterTopMM-half*25.4/72, p.BottomMM-p.FooterMM-1, docx.Red, wide)
	}
	b.WriteString("html{-webkit-print-color-adjust:exact;print-color-adjust:exact;}\n")
	fmt.Fprintf(&b, "body{margin:0;font-family:%s;font-size:%gpt;line-height:%gpt;letter-spacing:%.2fpt;color:#000;font-kerning:none;}\n",
		latin+fontStack(docx.FontBody, "serif"), p.BodyPt, pitch, pt(p.Condense()))
	fmt.Fprintf(&b, "@media screen{body{width:%gmm;margin:10mm auto;padding:%gmm %gmm %gmm %gmm;box-shadow:0 0 4px #999;}}\n",
		textWidthMM, p.TopMM, p.RightMM, p.BottomMM, p.LeftMM)
	// Word and LibreOffice leave widows and orphans alone in these files
	// (no w:widowControl), so the print view does too.
	fmt.Fprintf(&b, "p{margin:0;text-align:justify;min-height:%gpt;orphans:1;widows:1;}\n", pitch)
	if !o.Letterhead.Off {
		fmt.Fprintf(&b, "p.%s{font-family:%s;font-size:%gpt;line-height:%gpt;color:#%s;text-align:center;letter-spacing:0;padding-bottom:%dpt;%s}\n",
			styleLetterhead, latin+fontStack(docx.FontTitle, "serif"), p.LetterheadPt, pt(p.LetterheadLine()), docx.Red, p.LetterGap(), wide)
		// The upper red double line: thick over thin (上粗下细).
		fmt.Fprintf(&b, "div.redline{height:1pt;border-top:1.5pt solid #%s;border-bottom:0.5pt solid #%[1]s;%s}\n", docx.Red, wide)
		fmt.Fprintf(&b, "@media screen{p.%s{margin-top:%gmm;}}\n", styleLetterhead, p.LetterTopMM-p.TopMM)
	}
	fmt.Fprintf(&b, "p.%s{font-family:%s;font-size:22pt;text-align:center;letter-spacing:0;}\n", styleTitle, latin+fontStack(docx.FontTitle, "serif"))
	fmt.Fprintf(&b, "p.%s{text-align:right;}\n", styleNumber)
	fmt.Fprintf(&b, "p.%s{font-family:%s;text-indent:%gpt;}\n", styleH1, latin+fontStack(docx.FontHeading1, "sans-serif"), 2*p.BodyPt)
	fmt.Fprintf(&b, "p.%s{text-indent:%gpt;}\n", styleBody, 2*p.BodyPt)
	fmt.Fprintf(&b, "p.%s{font-family:%s;}\n", styleAnnexMark, latin+fontStack(docx.FontHeading1, "sans-serif"))
	fmt.Fprintf(&b, "p.%s{text-align:right;}\n", styleSignature)
	b.WriteString(".keep{break-after:avoid;page-break-after:avoid;break-inside:avoid;}\n")
	b.WriteString(".together{break-inside:avoid;page-break-inside:avoid;}\n")
	b.WriteString(".break{break-before:page;page-break-before:always;}\n")
	fmt.Fprintf(&b, ".lead{font-family:%s;}\n", latin+fontStack(docx.FontHeading2, "serif"))
	fmt.Fprintf(&b, ".hei{font-family:%s;}\n", latin+fontStack(docx.FontHeading1, "sans-serif"))
	b.WriteString("b{font-weight:bold;}\n")
	return b.String()
}

// HTML renders the opinion as a standalone page for printing.
func (o *Opinion) HTML() ([]byte, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
	b.WriteString("<title>" + html.EscapeString("合法性审查意见书 "+DocNumber(o.Office, o.Number)) + "</title>")
	b.WriteString("<style>\n" + o.css() + "</style></head><body>\n")
	open := false // inside a .together group: blocks that stay on one page
	for _, bl := range o.blocks() {
		if bl.together && !open {
			b.WriteString("<div class=\"together\">\n")
			open = true
		}
		if !bl.together && open {
			b.WriteString("</div>\n")
			open = false
		}
		class := bl.style
		if bl.keep {
			class += " keep"
		}
		if bl.pageBreak {
			class += " break"
		}
		var style []string
		if bl.before > 0 {
			style = append(style, fmt.Sprintf("margin-top:%gpt", float64(bl.before)/20))
		}
		if bl.rightEm > 0 {
			style = append(style, fmt.Sprintf("padding-right:%gpt", float64(emTwips(bl.rightEm))/20))
		}
		b.WriteString(`<p class="` + class + `"`)
		if len(style) > 0 {
			b.WriteString(` style="` + strings.Join(style, ";") + `"`)
		}
		b.WriteString(">")
		for _, s := range bl.spans {
			t := html.EscapeString(s.text)
			switch s.kind {
			case spanLead:
				b.WriteString(`<span class="lead">` + t + `</span>`)
			case spanHei:
				b.WriteString(`<span class="hei">` + t + `</span>`)
			case spanBold:
				b.WriteString(`<b>` + t + `</b>`)
			default:
				b.WriteString(t)
			}
		}
		b.WriteString("</p>\n")
		if bl.style == styleLetterhead {
			b.WriteString("<div class=\"redline\"></div>\n")
		}
	}
	if open {
		b.WriteString("</div>\n")
	}
	b.WriteString("</body></html>\n")
	return []byte(b.String()), nil
}
