package opinion

import (
	"fmt"
	"html"
	"strings"

	"lawreview/corpus/docx"
)

// The print view repeats the .docx layout in CSS: the same A4 page and
// margins, 22 lines of 28 characters (line-height is the grid pitch,
// letter-spacing condenses each 16 pt character as the .docx styles do), page numbers at the outer bottom edge through @page margin boxes.
// Font stacks go from the GB2312 faces through the Windows and macOS faces
// to Noto CJK, which Linux servers have; local() in @font-face picks the
// first face installed so the title keeps the weight of 小标宋 even when it
// falls back to Noto Serif CJK SC Bold.

func (o *Opinion) css() string {
	p := docx.Page
	pitch := float64(p.LinePitch()) / 20
	textWidthMM := p.WidthMM - p.LeftMM - p.RightMM
	spacing := float64(p.Condense()) / 20
	return fmt.Sprintf(`@font-face{font-family:"LR Title";src:local("方正小标宋简体"),local("FZXiaoBiaoSong-B05S"),local("FZXBSJW--GB1-0"),local("STZhongsong"),local("Noto Serif CJK SC Bold"),local("NotoSerifCJKsc-Bold"),local("SimSun");}
@font-face{font-family:"LR Body";src:local("仿宋_GB2312"),local("FangSong_GB2312"),local("仿宋"),local("FangSong"),local("STFangsong"),local("Noto Serif CJK SC"),local("NotoSerifCJKsc-Regular");}
@font-face{font-family:"LR Body";font-weight:bold;src:local("仿宋_GB2312"),local("FangSong_GB2312"),local("仿宋"),local("FangSong"),local("STFangsong"),local("Noto Serif CJK SC Bold"),local("NotoSerifCJKsc-Bold");}
@font-face{font-family:"LR Hei";src:local("黑体"),local("SimHei"),local("STHeiti"),local("Noto Sans CJK SC"),local("NotoSansCJKsc-Regular");}
@font-face{font-family:"LR Kai";src:local("楷体_GB2312"),local("KaiTi_GB2312"),local("楷体"),local("KaiTi"),local("STKaiti"),local("AR PL UKai CN"),local("Noto Serif CJK SC"),local("NotoSerifCJKsc-Regular");}
@page{size:A4;margin:%[1]gmm %[2]gmm %[3]gmm %[4]gmm;}
@page :right{@bottom-right{content:"— " counter(page) " —";font-family:"Times New Roman","宋体","SimSun","Noto Serif CJK SC",serif;font-size:14pt;vertical-align:top;padding-top:7mm;padding-right:14pt;}}
@page :left{@bottom-left{content:"— " counter(page) " —";font-family:"Times New Roman","宋体","SimSun","Noto Serif CJK SC",serif;font-size:14pt;vertical-align:top;padding-top:7mm;padding-left:14pt;}}
html{-webkit-print-color-adjust:exact;}
body{margin:0;font-family:"LR Body","Times New Roman","Noto Serif CJK SC",serif;font-size:%[5]gpt;line-height:%[6]gpt;letter-spacing:%.4[7]fpt;color:#000;font-kerning:none;}
@media screen{body{width:%[8]gmm;margin:10mm auto;padding:%[1]gmm %[2]gmm %[3]gmm %[4]gmm;box-shadow:0 0 4px #999;}}
p{margin:0;text-align:justify;min-height:%[6]gpt;orphans:1;widows:1;}
p.Title{font-family:"LR Title","Noto Serif CJK SC",serif;font-size:22pt;text-align:center;letter-spacing:0;}
p.DocNumber{text-align:center;}
p.Heading1{font-family:"LR Hei","Noto Sans CJK SC",sans-serif;text-indent:%.4[9]fpt;page-break-after:avoid;}
p.BodyText{text-indent:%.4[9]fpt;}
p.Signature{text-align:right;padding-right:%.4[10]fpt;}
.lead{font-family:"LR Kai","Noto Serif CJK SC",serif;}
b{font-weight:bold;}
`, p.TopMM, p.RightMM, p.BottomMM, p.LeftMM, p.BodyPt, pitch, spacing, textWidthMM, 2*p.BodyPt, 4*p.BodyPt)
}

// HTML renders the opinion as a standalone page for printing.
func (o *Opinion) HTML() ([]byte, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
	b.WriteString("<title>" + html.EscapeString("合法性审查意见书 "+o.Number) + "</title>")
	b.WriteString("<style>\n" + o.css() + "</style></head><body>\n")
	for _, bl := range o.blocks() {
		b.WriteString(`<p class="` + bl.style + `">`)
		for _, s := range bl.spans {
			t := html.EscapeString(s.text)
			switch s.kind {
			case spanLead:
				b.WriteString(`<span class="lead">` + t + `</span>`)
			case spanBold:
				b.WriteString(`<b>` + t + `</b>`)
			default:
				b.WriteString(t)
			}
		}
		b.WriteString("</p>\n")
	}
	b.WriteString("</body></html>\n")
	return []byte(b.String()), nil
}
