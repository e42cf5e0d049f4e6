package docx

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// mark is something to write at a position: a comment's start or end, or
// a tracked change's replacement. Ends are written before starts at the
// same place so that touching ranges do not overlap.
type mark struct {
	at    Pos
	isEnd bool
	order int
	xml   func(rPr string) string // rPr: properties of the run before the mark
}

// deletion is a tracked deletion of [from, to).
type deletion struct {
	from, to Pos
	author   string
	date     time.Time
}

type editor struct {
	b      *Body
	marks  []mark
	dels   []deletion
	nextID int // for w:ins/w:del ids
}

func (e *editor) tag(name string) string { return e.b.Prefix + ":" + name }

func (e *editor) revAttrs(author string, date time.Time) string {
	e.nextID++
	s := fmt.Sprintf(` %s="%d" %s="%s"`, e.tag("id"), e.nextID, e.tag("author"), Esc(author))
	if !date.IsZero() {
		s += fmt.Sprintf(` %s="%s"`, e.tag("date"), DateTime(date))
	}
	return s
}

func (e *editor) addComment(id int, from, to Pos, order int) {
	start := fmt.Sprintf(`<%s %s="%d"/>`, e.tag("commentRangeStart"), e.tag("id"), id)
	end := fmt.Sprintf(`<%s %s="%d"/><%s><%s %s="%d"/></%[4]s>`, e.tag("commentRangeEnd"), e.tag("id"), id,
		e.tag("r"), e.tag("commentReference"), e.tag("id"), id)
	e.marks = append(e.marks,
		mark{at: from, order: order, xml: func(string) string { return start }},
		mark{at: to, isEnd: true, order: order, xml: func(string) string { return end }})
}

func (e *editor) addChange(from, to Pos, repl, author string, date time.Time, order int) {
	e.dels = append(e.dels, deletion{from: from, to: to, author: author, date: date})
	if repl == "" {
		return
	}
	e.marks = append(e.marks, mark{at: to, isEnd: true, order: order, xml: func(rPr string) string {
		return `<` + e.tag("ins") + e.revAttrs(author, date) + `><` + e.tag("r") + `>` + rPr +
			`<` + e.tag("t") + ` xml:space="preserve">` + Esc(repl) + `</` + e.tag("t") + `></` + e.tag("r") + `></` + e.tag("ins") + `>`
	}})
}

// deletedAt reports the deletion covering the piece starting at p, if any.
func (e *editor) deletedAt(p Pos) *deletion {
	for i := range e.dels {
		d := &e.dels[i]
		if !p.Less(d.from) && p.Less(d.to) {
			return d
		}
	}
	return nil
}

// apply writes the document with the marks and deletions applied.
func (e *editor) apply() []byte {
	m := e.b
	sort.SliceStable(e.marks, func(i, j int) bool {
		a, b := e.marks[i], e.marks[j]
		if a.at != b.at {
			return a.at.Less(b.at)
		}
		if a.isEnd != b.isEnd {
			return a.isEnd
		}
		return a.order < b.order
	})
	// Cut points of each run: every mark and every deletion border.
	cuts := map[int][]Pos{}
	for _, mk := range e.marks {
		cuts[mk.at.Run] = append(cuts[mk.at.Run], mk.at)
	}
	touched := map[int]bool{}
	for _, d := range e.dels {
		cuts[d.from.Run] = append(cuts[d.from.Run], d.from)
		cuts[d.to.Run] = append(cuts[d.to.Run], d.to)
		for r := d.from.Run; r <= d.to.Run && r < len(m.Runs); r++ {
			touched[r] = true
		}
	}
	for r := range cuts {
		touched[r] = true
	}
	var out strings.Builder
	out.Grow(len(m.XML) + 4096)
	last := 0
	mi := 0
	for ri, r := range m.Runs {
		if !touched[ri] {
			continue
		}
		out.Write(m.XML[last:r.Start])
		last = r.End
		end := Pos{ri, len(r.Children), 0}
		bounds := append([]Pos{{ri, 0, 0}, end}, cuts[ri]...)
		sort.Slice(bounds, func(i, j int) bool { return bounds[i].Less(bounds[j]) })
		first := true
		for bi, b := range bounds {
			if bi > 0 && b == bounds[bi-1] {
				continue
			}
			for mi < len(e.marks) && e.marks[mi].at == b {
				out.WriteString(e.marks[mi].xml(r.RPr))
				mi++
			}
			if b == end {
				break
			}
			next := end
			for _, c := range bounds[bi+1:] {
				if b.Less(c) {
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
				open = r.StartTag
				first = false
			}
			piece := open + r.RPr + content + `</` + e.tag("r") + `>`
			if del != nil {
				piece = `<` + e.tag("del") + e.revAttrs(del.author, del.date) + `>` + piece + `</` + e.tag("del") + `>`
			}
			out.WriteString(piece)
		}
	}
	out.Write(m.XML[last:])
	return []byte(out.String())
}

// piece writes the children of r between a and b; text children cut by a
// or b are rewritten, the others copied as they are.
func (e *editor) piece(r *Run, a, b Pos, deleted bool) string {
	var s strings.Builder
	m := e.b
	for ci := a.Child; ci < len(r.Children) && (ci < b.Child || (ci == b.Child && b.Off > 0)); ci++ {
		c := r.Children[ci]
		if !c.IsText {
			if ci >= b.Child {
				break
			}
			s.Write(m.XML[c.Start:c.End])
			continue
		}
		lo, hi := 0, len(c.Text)
		if ci == a.Child {
			lo = a.Off
		}
		if ci == b.Child {
			hi = b.Off
		}
		if lo >= hi {
			continue
		}
		if lo == 0 && hi == len(c.Text) && !deleted {
			s.Write(m.XML[c.Start:c.End])
			continue
		}
		name := "t"
		if deleted {
			name = "delText"
		}
		s.WriteString(`<` + e.tag(name) + ` xml:space="preserve">` + Esc(string(c.Text[lo:hi])) + `</` + e.tag(name) + `>`)
	}
	return s.String()
}
