package workflow

import (
	"fmt"
	"net/url"
	"reflect"
	"testing"
	"time"

	"lawreview/review/decision"
)

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, time.Local)
	if err != nil {
		panic(err)
	}
	return t
}

// Working days follow the State Council's notices: holidays off, the
// weekend days worked in their place on.
func TestWorkdays(t *testing.T) {
	for _, tc := range []struct {
		received, meeting string
		want              int
	}{
		{"2026-03-02", "2026-03-09", 5},    // Monday to Monday
		{"2026-03-06", "2026-03-09", 1},    // Friday to Monday
		{"2026-03-09", "2026-03-09", 0},    // on the day
		{"2026-03-10", "2026-03-09", 0},    // after it
		{"2026-02-13", "2026-02-24", 2},    // Friday, the Saturday worked (2-14), then 春节 2-15..2-23
		{"2026-09-30", "2026-10-12", 4},    // 9-30, 10-8, 10-9, and Saturday 10-10 worked
		{"2025-12-31", "2026-01-05", 2},    // 12-31, 元旦 1-1..1-3 off, Sunday 1-4 worked
		{"2030-05-01", "2030-05-08", 5},    // a year the table lacks: weekends only
		{"2026-01-05", "2046-01-05", 5217}, // a mistyped far meeting: estimated, not walked
	} {
		if got := Holidays.Workdays(day(tc.received), day(tc.meeting)); got != tc.want {
			t.Errorf("%s → %s: %d working days, want %d", tc.received, tc.meeting, got, tc.want)
		}
	}
	if got := Holidays.Uncovered(day("2024-06-01"), day("2027-01-01")); !reflect.DeepEqual(got, []int{2024, 2027}) {
		t.Errorf("uncovered years %v", got)
	}
}

func TestParseCalendarRefuses(t *testing.T) {
	for _, s := range []string{
		"2026-01-01 休 元旦",                          // before its year's line
		"# 年份 2026 来源\n2026-01-01 放假",              // neither 休 nor 班
		"# 年份 2026 来源\n2026-01-01 休\n2026-01-01 班", // twice
		"# 年份 2026 来源\n2026-03-01..2026-02-01 休",   // backwards
		"# 年份 2026 来源\n2026-01-01..2026-06-01 休",   // longer than a month
		"# 年份 20x6 来源",                             // not a year
		"# 年份 2026 来源\n2026-13-01 休",               // not a date
	} {
		if _, err := ParseCalendar(s); err == nil {
			t.Errorf("accepted %q", s)
		}
	}
}

// FuzzParseCalendar: any table is read or refused with an error, never a
// panic; a table read answers for every day of its years.
func FuzzParseCalendar(f *testing.F) {
	f.Add(holidaysTxt)
	f.Add("# 年份 2026 来源\n2026-01-01..2026-01-03 休 元旦\n2026-01-04 班 调休\n")
	f.Add("# 年份 2026\n2026-01-01 休")
	f.Add("# 年份 9999 x\n9999-12-31..9999-12-31 班 y")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCalendar(s)
		if err != nil {
			return
		}
		for _, y := range c.Years() {
			d := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
			_ = c.Workdays(d, d.AddDate(0, 1, 0))
		}
	})
}

func TestReadNumber(t *testing.T) {
	for _, tc := range []struct {
		n         string
		year, seq int
		ok        bool
	}{
		{"城关司法所〔2026〕3号", 2026, 3, true},
		{"〔2025〕第12号", 2025, 12, true},
		{"城关司法所〔2026〕0号", 0, 0, false},
		{"城关司法所2026-3", 0, 0, false},
		{"", 0, 0, false},
	} {
		y, s, ok := readNumber(tc.n)
		if ok != tc.ok || ok && (y != tc.year || s != tc.seq) {
			t.Errorf("%q: %d %d %v", tc.n, y, s, ok)
		}
	}
}

// The numbering check: per office and year, the numbers missing between
// 1 and the highest (runs merged), the numbers issued twice, and the
// numbers it cannot read.
func TestNumberCheck(t *testing.T) {
	e := func(office string, year, seq int) RegisterEntry {
		x := RegisterEntry{Year: year, Seq: seq}
		x.Office = office
		x.Title = fmt.Sprintf("%s-%d", office, seq)
		return x
	}
	es := []RegisterEntry{e("城关司法所", 2026, 1), e("城关司法所", 2026, 2), e("城关司法所", 2026, 2), e("城关司法所", 2026, 5),
		e("城关司法所", 2026, 7), e("南河司法所", 2026, 2), e("南河司法所", 2025, 1), e("南河司法所", 0, 0)}
	gaps, dups, unread := numberCheck(es)
	want := []NumberGap{{"南河司法所", 2026, 1, 1}, {"城关司法所", 2026, 3, 4}, {"城关司法所", 2026, 6, 6}}
	if !reflect.DeepEqual(gaps, want) {
		t.Errorf("gaps %v, want %v", gaps, want)
	}
	if len(dups) != 1 || dups[0].Number != "城关司法所〔2026〕2号" || len(dups[0].Entries) != 2 {
		t.Errorf("duplicates %+v", dups)
	}
	if len(unread) != 1 {
		t.Errorf("unread %v", unread)
	}
	if got := want[1].Label(); got != "城关司法所〔2026〕3号至4号" {
		t.Errorf("gap label %q", got)
	}
}

// FuzzParseFigureKey: a list's query is read or refused with a Chinese
// message, never a panic; a key read is written back to the same query.
func FuzzParseFigureKey(f *testing.F) {
	f.Add("fig=received&t=3&dtype=村规民约")
	f.Add("fig=opinions&month=2026-03&conclusion=" + url.QueryEscape(string(decision.ConclusionAmended)))
	f.Add("fig=findings&item=内容合法性&state=accepted&rule=x")
	f.Add("fig=findings&origin=manual")
	f.Add("fig=late&t=-1")
	f.Add("fig=nothing")
	f.Fuzz(func(t *testing.T, q string) {
		v, err := url.ParseQuery(q)
		if err != nil {
			return
		}
		k, err := ParseFigureKey(v.Get)
		if err != nil {
			if e, ok := err.(*Error); !ok || e.Msg == "" {
				t.Fatalf("%q: error %v without a message", q, err)
			}
			return
		}
		again, err := ParseFigureKey(k.values().Get)
		if err != nil || again != k {
			t.Fatalf("%q: %+v written and read back as %+v (%v)", q, k, again, err)
		}
	})
}
