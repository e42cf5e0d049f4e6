package workflow

import (
	_ "embed"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Working days, for "drafts received too late": Monday to Friday, less
// the public holidays, plus the weekend days worked in their place (调休),
// as the State Council's yearly notices set them (stats/holidays.txt, with
// the notice of each year). Years the table lacks count weekends only, and
// the statistics say so.

//go:embed stats/holidays.txt
var holidaysTxt string

// Calendar says which days are working days.
type Calendar struct {
	off, on map[string]bool // 休, 班 by YYYY-MM-DD
	years   []int           // years the table covers
	Sources []string        // the notice of each year, as the table cites it
}

// Holidays is the calendar of the embedded table.
var Holidays = mustCalendar(holidaysTxt)

func mustCalendar(s string) *Calendar {
	c, err := ParseCalendar(s)
	if err != nil {
		panic(err) // the embedded table is tested
	}
	return c
}

// ParseCalendar reads a holiday table: lines "date 休|班 note" or
// "from..to 休|班 note", "# 年份 YYYY source" naming the years covered,
// other lines starting with # are comments.
func ParseCalendar(s string) (*Calendar, error) {
	c := &Calendar{off: map[string]bool{}, on: map[string]bool{}}
	for n, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(line, "# 年份 "); ok {
			f := strings.Fields(rest)
			y, err := strconv.Atoi(f[0])
			if err != nil || y < 1949 || y > 9999 {
				return nil, fmt.Errorf("holidays line %d: year %q", n+1, f[0])
			}
			c.years = append(c.years, y)
			c.Sources = append(c.Sources, strings.TrimSpace(strings.TrimPrefix(rest, f[0])))
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 2 || (f[1] != "休" && f[1] != "班") {
			return nil, fmt.Errorf("holidays line %d: want \"日期 休|班 说明\", got %q", n+1, line)
		}
		from, to, ranged := strings.Cut(f[0], "..")
		if !ranged {
			to = from
		}
		a, err1 := time.Parse(time.DateOnly, from)
		b, err2 := time.Parse(time.DateOnly, to)
		if err1 != nil || err2 != nil || b.Before(a) || b.Sub(a) > 31*24*time.Hour {
			return nil, fmt.Errorf("holidays line %d: dates %q", n+1, f[0])
		}
		for d := a; !d.After(b); d = d.AddDate(0, 0, 1) {
			k := d.Format(time.DateOnly)
			if c.off[k] || c.on[k] {
				return nil, fmt.Errorf("holidays line %d: %s listed twice", n+1, k)
			}
			if !c.covers(d.Year()) {
				return nil, fmt.Errorf("holidays line %d: %s before its year's source line", n+1, k)
			}
			if f[1] == "休" {
				c.off[k] = true
			} else {
				c.on[k] = true
			}
		}
	}
	sort.Ints(c.years)
	return c, nil
}

func (c *Calendar) covers(year int) bool {
	for _, y := range c.years {
		if y == year {
			return true
		}
	}
	return false
}

// Working reports whether the day of t is a working day.
func (c *Calendar) Working(t time.Time) bool {
	k := t.Format(time.DateOnly)
	if c.on[k] {
		return true
	}
	if c.off[k] {
		return false
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// Workdays counts the working days from the day of a up to the day
// before b: the days a draft received on a leaves for review before a
// meeting on b (a Monday's draft for the next Monday's meeting has 5). It
// is 0 when b is not after a.
func (c *Calendar) Workdays(a, b time.Time) int {
	a = time.Date(a.Year(), a.Month(), a.Day(), 12, 0, 0, 0, time.UTC)
	b = time.Date(b.Year(), b.Month(), b.Day(), 12, 0, 0, 0, time.UTC)
	if days := int(b.Sub(a).Hours() / 24); days > 3660 {
		// A meeting ten years off (a mistyped date) is early whatever
		// the holidays: no need to walk to it.
		return days * 5 / 7
	}
	n := 0
	for d := a; d.Before(b); d = d.AddDate(0, 0, 1) {
		if c.Working(d) {
			n++
		}
	}
	return n
}

// Uncovered lists the years from a to b that the table does not cover.
func (c *Calendar) Uncovered(a, b time.Time) []int {
	var out []int
	for y := a.Year(); y <= b.Year(); y++ {
		if !c.covers(y) {
			out = append(out, y)
		}
	}
	return out
}

// Years are the years the table covers.
func (c *Calendar) Years() []int { return c.years }
