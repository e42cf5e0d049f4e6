package annotate

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"lawreview/corpus/docx"
)

// mark is something to write at a position: a comment's start or end, or
// a tracked change's replacement. Ends are written before starts at the
// same place so that touching ranges do not overlap.
type mark struct {
	at    pos
	isEnd bool
	order int
	xml   func(rPr string) string // rPr: properties of the run before the mark
}

// deletion is a tracked deletion of [from, to).
type deletion struct {
	from, to pos
	author   string
	date     time.Time
}

type editor struct {
	m      *model
	marks  []mark
	dels   []deletion
	nextID int             // for w:ins/w:del ids
	mine   map[string]bool // the model's paragraph texts, whitespace removed
}

func (e *editor) tag(name string) string { return e.m.prefix + ":" + name }

func (e *editor) revAttrs(author string, date time.Time) string {
	e.nextID++
	s := fmt.Sprintf(` %s="%d" %s="%s"`, e.tag("id"), e.nextID, e.tag("author"), docx.Esc(author))
	if !date.IsZero() {
		s += fmt.Sprintf(` %s="%s"`, e.tag("date"), docx.DateTime(date))
	}
	return s
}

func (e *editor) addComment(id int, from, to pos, order int) {
	start := fmt.Sprintf(`<%s %s="%d"/>`, e.tag("commentRangeStart"), e.tag("id"), id)
	end := fmt.Sprintf(`<%s %s="%d"/><%s><%s %s="%d"/></%[4]s>`, e.tag("commentRangeEnd"), e.tag("id"), id,
		e.tag("r"), e.tag("commentReference"), e.tag("id"), id)
	e.marks = append(e.marks,
		mark{at: from, order: order, xml: func(string) string { return start }},
		mark{at: to, isEnd: true, order: order, xml: func(string) string { return end }})
}

func (e *editor) addChange(from, to pos, repl, author string, date time.Time, order int) {
	e.dels = append(e.dels, deletion{from: from, to: to, author: author, date: date})
	if repl == "" {
		return
	}
	e.marks = append(e.marks, mark{at: to, isEnd: true, order: order, xml: func(rPr string) string {
		return `<` + e.tag("ins") + e.revAttrs(author, date) + `><` + e.tag("r") + `>` + rPr +
			`<` + e.tag("t") + ` xml:space="preserve">` + docx.Esc(repl) + `</` + e.tag("t") + `></` + e.tag("r") + `></` + e.tag("ins") + `>`
	}})
}

// deletedAt reports the deletion covering the piece starting at p, if any.
func (e *editor) deletedAt(p pos) *deletion {
	for i := range e.dels {
		d := &e.dels[i]
		if !p.less(d.from) && p.less(d.to) {
			return d
		}
	}
	return nil
}

// apply writes the document with the marks and deletions applied.
func (e *editor) apply() []byte {
	m := e.m
	sort.SliceStable(e.marks, func(i, j int) bool {
		a, b := e.marks[i], e.marks[j]
		if a.at != b.at {
			return a.at.less(b.at)
		}
		if a.isEnd != b.isEnd {
			return a.isEnd
		}
		return a.order < b.order
	})
	// Cut points of each run: every mark and every deletion border.
	cuts := map[int][]pos{}
	for _, mk := range e.marks {
		cuts[mk.at.run] = append(cuts[mk.at.run], mk.at)
	}
	touched := map[int]bool{}
	for _, d := range e.dels {
		cuts[d.from.run] = append(cuts[d.from.run], d.from)
		cuts[d.to.run] = append(cuts[d.to.run], d.to)
		for r := d.from.run; r <= d.to.run && r < len(m.runs); r++ {
			touched[r] = true
		}
	}
	for r := range cuts {
		touched[r] = true
	}
	var out strings.Builder
	out.Grow(len(m.xml) + 4096)
	last := 0
	mi := 0
	for ri, r := range m.runs {
		if !touched[ri] {
			continue
		}
		out.Write(m.xml[last:r.start])
		last = r.end
		end := pos{ri, len(r.children), 0}
		bounds := append([]pos{{ri, 0, 0}, end}, cuts[ri]...)
		sort.Slice(bounds, func(i, j int) bool { return bounds[i].less(bounds[j]) })
		first := true
		for bi, b := range bounds {
			if bi > 0 && b == bounds[bi-1] {
				continue
			}
			for mi < len(e.marks) && e.marks[mi].at == b {
				out.WriteString(e.marks[mi].xml(r.rPr))
				mi++
			}
			if b == end {
				break
			}
			next := end
			for _, c := range bounds[bi+1:] {
				if b.less(c) {
					next = c
					break
				}
			}
			del := e.deletedAt(b)
			content := e.piece(r, b, next, del != nil)
			if content == "" {
				continue
			}
			open := `<` + e.tag("r") + `>`
			if first {
				open = r.startTag
				first = false
			}
			piece := open + r.rPr + content + `</` + e.tag("r") + `>`
			if del != nil {
				piece = `<` + e.tag("del") + e.revAttrs(del.author, del.date) + `>` + piece + `</` + e.tag("del") + `>`
			}
			out.WriteString(piece)
		}
	}
	out.Write(m.xml[last:])
	return []byte(out.String())
}

// piece writes the children of r between a and b; text children cut by a
// or b are rewritten, the others copied as they are.
func (e *editor) piece(r *run, a, b pos, deleted bool) string {
	var s strings.Builder
	m := e.m
	for ci := a.child; ci < len(r.children) && (ci < b.child || (ci == b.child && b.idx > 0)); ci++ {
		c := r.children[ci]
		if !c.isText {
			if ci >= b.child {
				break
			}
			s.Write(m.xml[c.start:c.end])
			continue
		}
		lo, hi := 0, len(c.text)
		if ci == a.child {
			lo = a.idx
		}
		if ci == b.child {
			hi = b.idx
		}
		if lo >= hi {
			continue
		}
		if lo == 0 && hi == len(c.text) && !deleted {
			s.Write(m.xml[c.start:c.end])
			continue
		}
		name := "t"
		if deleted {
			name = "delText"
		}
		s.WriteString(`<` + e.tag(name) + ` xml:space="preserve">` + docx.Esc(string(c.text[lo:hi])) + `</` + e.tag(name) + `>`)
	}
	return s.String()
}
