package docx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// xmlReader wraps encoding/xml with the depth limit that keeps a hostile
// file from exhausting the stack or the memory of a recursive walk. It
// also says where in the input the last token was, so that an editor can
// copy what it does not change byte for byte.
type xmlReader struct {
	d     *xml.Decoder
	depth int
	part  string
	// from and to are the byte offsets of the last token read.
	from, to int
	// maxID, when not nil, collects the largest WordprocessingML w:id.
	maxID *int
}

func newXMLReader(part string, data []byte) *xmlReader {
	d := xml.NewDecoder(bytes.NewReader(data))
	// Office files are UTF-8 or UTF-16 per the XML declaration; we only
	// accept UTF-8 and treat anything else as corrupt.
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") || strings.EqualFold(label, "utf8") {
			return in, nil
		}
		return nil, fmt.Errorf("unsupported XML charset %q", label)
	}
	return &xmlReader{d: d, part: part}
}

var errTooDeep = errors.New("XML too deep")

// next returns the next token; io.EOF at the end of the document.
func (x *xmlReader) next() (xml.Token, error) {
	x.from = int(x.d.InputOffset())
	tok, err := x.d.Token()
	x.to = int(x.d.InputOffset())
	if err != nil {
		if err == io.EOF {
			return nil, io.EOF
		}
		return nil, fmt.Errorf("parse %s: %w", x.part, err)
	}
	switch t := tok.(type) {
	case xml.StartElement:
		x.depth++
		if x.depth > maxXMLDepth {
			return nil, fmt.Errorf("parse %s: %w (limit %d)", x.part, errTooDeep, maxXMLDepth)
		}
		if x.maxID != nil {
			for _, a := range t.Attr {
				if a.Name.Space == NSW && a.Name.Local == "id" {
					if v, err := strconv.Atoi(a.Value); err == nil && v > *x.maxID {
						*x.maxID = v
					}
				}
			}
		}
	case xml.EndElement:
		x.depth--
	}
	return tok, nil
}

// skip consumes the rest of the element whose start was just read.
func (x *xmlReader) skip() error {
	level := x.depth
	for {
		tok, err := x.next()
		if err != nil {
			return unexpectedEOF(err)
		}
		if _, ok := tok.(xml.EndElement); ok && x.depth < level {
			return nil
		}
	}
}

func unexpectedEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// node is a small DOM for the little parts (styles, numbering, rels, core
// properties); document.xml is streamed instead.
type node struct {
	name string // local name
	attr []xml.Attr
	kids []*node
	text string
}

// maxTreeNodes bounds the small DOM: a styles.xml of millions of empty
// elements would otherwise take a struct each (genuine parts have a few
// thousand).
const maxTreeNodes = 200_000

var errTreeTooLarge = errors.New("XML part has too many elements")

func parseTree(part string, data []byte) (*node, error) {
	x := newXMLReader(part, data)
	root := &node{name: "#root"}
	stack := []*node{root}
	nodes := 0
	for {
		tok, err := x.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if nodes++; nodes > maxTreeNodes {
				return nil, fmt.Errorf("parse %s: %w (limit %d)", part, errTreeTooLarge, maxTreeNodes)
			}
			n := &node{name: t.Name.Local, attr: t.Attr}
			top := stack[len(stack)-1]
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			top := stack[len(stack)-1]
			if len(top.text) < 1<<16 {
				top.text += string(t)
			}
		}
	}
	return root, nil
}

// attrVal matches on the local name only, so that w:val and the Strict
// OOXML namespace both work.
func attrVal(attrs []xml.Attr, local string) string {
	for _, a := range attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func (n *node) val(local string) string {
	if n == nil {
		return ""
	}
	return attrVal(n.attr, local)
}

func (n *node) child(local string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name == local {
			return k
		}
	}
	return nil
}

func (n *node) children(local string) []*node {
	if n == nil {
		return nil
	}
	var out []*node
	for _, k := range n.kids {
		if k.name == local {
			out = append(out, k)
		}
	}
	return out
}

// find returns the first descendant (depth first) with the local name.
func (n *node) find(local string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name == local {
			return k
		}
		if f := k.find(local); f != nil {
			return f
		}
	}
	return nil
}

// onOff reads a Word boolean property such as <w:vanish/> or <w:b w:val="0"/>.
func onOff(attrs []xml.Attr) bool {
	switch attrVal(attrs, "val") {
	case "0", "false", "off":
		return false
	}
	return true
}
