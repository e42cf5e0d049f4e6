package annotate

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/width"

	"lawreview/corpus/docx"
)

// The body of word/document.xml is read with encoding/xml only to learn
// where things are: byte offsets of every run, its properties and its
// children. The output is the original bytes with some runs replaced, so
// everything the edits do not touch (namespaces, unknown extensions,
// attribute order, whitespace) stays exactly as Word wrote it.

const nsMC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

// maxDepth keeps a hostile document from exhausting memory.
const maxDepth = 256

type child struct {
	start, end int // bytes of the whole element in the part
	text       []rune
	isText     bool // a w:t
}

type run struct {
	start, end int    // bytes of <w:r ...>...</w:r>
	startTag   string // "<w:r ...>" as written (self-closing runs get "<w:r>")
	rPr        string // the w:rPr element as written, or ""
	children   []child
	para       int
}

// loc is one visible, non-space character of the body.
type loc struct {
	run, child, idx int
	r               rune // folded, for matching
}

type model struct {
	xml    []byte
	prefix string // prefix bound to the WordprocessingML namespace, normally "w"
	runs   []*run
	paras  int
	stream []loc
	maxID  int // largest w:id seen, so new ids never collide
}

// ErrNotWord is returned for a part that is not a WordprocessingML body.
var ErrNotWord = errors.New("文件不是有效的 Word 文档")

func fold(r rune) rune {
	if f := width.LookupRune(r).Folded(); f != 0 {
		return f
	}
	return r
}

func parseModel(data []byte) (*model, error) {
	m := &model{xml: data}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") || strings.EqualFold(label, "utf8") {
			return in, nil
		}
		return nil, fmt.Errorf("unsupported charset %q", label)
	}
	type frame struct {
		name xml.Name
		kind int
	}
	const (
		kOther = iota
		kSkip  // content not shown: deletions, fallbacks, text boxes
		kPara
		kRun
		kRPr
		kText
		kRunChild
	)
	var stack []frame
	skipping := 0 // depth of open kSkip frames
	var cur *run
	var curChild *child
	var rprStart int
	inRun := false
	para := -1
	for {
		off := int(d.InputOffset())
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("parse document.xml: %w", err)
		}
		end := int(d.InputOffset())
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxDepth {
				return nil, fmt.Errorf("parse document.xml: nesting deeper than %d", maxDepth)
			}
			if len(stack) == 0 {
				for _, a := range t.Attr {
					if a.Name.Space == "xmlns" && a.Value == docx.NSW {
						m.prefix = a.Name.Local
					}
				}
				if t.Name.Space != docx.NSW || m.prefix == "" {
					return nil, ErrNotWord
				}
			}
			for _, a := range t.Attr {
				if a.Name.Space == docx.NSW && a.Name.Local == "id" {
					if v, err := strconv.Atoi(a.Value); err == nil && v > m.maxID {
						m.maxID = v
					}
				}
			}
			kind := kOther
			w := t.Name.Space == docx.NSW
			parent := -1
			if len(stack) > 0 {
				parent = stack[len(stack)-1].kind
			}
			switch {
			case skipping > 0:
				kind = kSkip
			case w && (t.Name.Local == "del" || t.Name.Local == "moveFrom" || t.Name.Local == "txbxContent"),
				t.Name.Space == nsMC && t.Name.Local == "Fallback":
				kind = kSkip
			case parent == kRun && w && t.Name.Local == "rPr":
				kind = kRPr
				rprStart = off
			case parent == kRun && w && t.Name.Local == "t":
				kind = kText
				cur.children = append(cur.children, child{start: off, isText: true})
				curChild = &cur.children[len(cur.children)-1]
			case parent == kRun:
				kind = kRunChild
				cur.children = append(cur.children, child{start: off})
				curChild = &cur.children[len(cur.children)-1]
			case inRun:
				// inside a run child (drawing, ruby, ...): not modelled
			case w && t.Name.Local == "p":
				kind = kPara
				m.paras++
				para = m.paras - 1
			case w && t.Name.Local == "r" && para >= 0:
				kind = kRun
				inRun = true
				tag := string(data[off:end])
				if strings.HasSuffix(tag, "/>") {
					tag = strings.TrimSuffix(strings.TrimSuffix(tag, "/>"), " ") + ">"
				}
				cur = &run{start: off, startTag: tag, para: para}
			}
			if kind == kSkip {
				skipping++
			}
			stack = append(stack, frame{t.Name, kind})
		case xml.EndElement:
			if len(stack) == 0 {
				return nil, ErrNotWord
			}
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch f.kind {
			case kSkip:
				skipping--
			case kRPr:
				cur.rPr = string(data[rprStart:end])
			case kText, kRunChild:
				curChild.end = end
				curChild = nil
			case kRun:
				cur.end = end
				m.runs = append(m.runs, cur)
				cur = nil
				inRun = false
			}
		case xml.CharData:
			if len(stack) > 0 && stack[len(stack)-1].kind == kText && curChild != nil {
				curChild.text = append(curChild.text, []rune(string(t))...)
			}
		}
	}
	if m.prefix == "" {
		return nil, ErrNotWord
	}
	for ri, r := range m.runs {
		for ci, c := range r.children {
			for i, ch := range c.text {
				if !unicode.IsSpace(ch) {
					m.stream = append(m.stream, loc{run: ri, child: ci, idx: i, r: fold(ch)})
				}
			}
		}
	}
	return m, nil
}

// paraText is the text of every paragraph, for tests and for the hints when
// the extractor cannot read the file.
func (m *model) paraText() []string {
	out := make([]string, m.paras)
	for _, r := range m.runs {
		for _, c := range r.children {
			out[r.para] += string(c.text)
		}
	}
	return out
}
