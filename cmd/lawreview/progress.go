package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progressBar reports the progress of a long step (parsing files, indexing
// articles) on stderr. On a terminal it redraws one line with a bar, the
// counts and an estimate of the time left; elsewhere (a log file, CI) it
// writes a plain line at most every plainEvery so logs stay short.
type progressBar struct {
	w        io.Writer
	label    string
	terminal bool
	start    time.Time
	mu       sync.Mutex
	last     time.Time
	drawn    bool
}

const (
	plainEvery    = 5 * time.Second
	terminalEvery = 100 * time.Millisecond
	barWidth      = 30
)

func newProgress(w io.Writer, label string) *progressBar {
	return &progressBar{w: w, label: label, terminal: isTerminal(w), start: time.Now()}
}

// update is the callback handed to the index and the importer.
func (p *progressBar) update(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	final := done >= total
	every := plainEvery
	if p.terminal {
		every = terminalEvery
	}
	if !final && now.Sub(p.last) < every {
		return
	}
	if final && p.drawn && !p.terminal && now.Sub(p.last) < plainEvery {
		// A plain log needs no line for an ending that the summary reports.
		p.last = now
		return
	}
	p.last = now
	line := progressLine(p.label, done, total, now.Sub(p.start))
	if p.terminal {
		fmt.Fprintf(p.w, "\r\033[K%s", line)
		if final {
			fmt.Fprintln(p.w)
		}
	} else {
		fmt.Fprintln(p.w, line)
	}
	p.drawn = true
}

// progressLine renders 正在建立索引 [=====>     ] 12000/147000 条  8% 剩余约 14 秒.
func progressLine(label string, done, total int, elapsed time.Duration) string {
	if total <= 0 {
		return fmt.Sprintf("%s：%d", label, done)
	}
	frac := float64(done) / float64(total)
	frac = min(max(frac, 0), 1)
	fill := int(frac * barWidth)
	bar := strings.Repeat("=", fill)
	if fill < barWidth {
		bar += ">" + strings.Repeat(" ", barWidth-fill-1)
	}
	s := fmt.Sprintf("%s [%s] %d/%d %3.0f%%", label, bar, done, total, frac*100)
	// An estimate from the first percent (jieba warming up) misleads.
	if done > 0 && done < total && (frac >= 0.02 || elapsed > 3*time.Second) {
		left := time.Duration(float64(elapsed) * (1 - frac) / frac)
		s += "  剩余约 " + humanDuration(left)
	} else if done >= total {
		s += "  用时 " + humanDuration(elapsed)
	}
	return s
}

func humanDuration(d time.Duration) string {
	switch {
	case d < 10*time.Second:
		return fmt.Sprintf("%.1f 秒", d.Seconds())
	case d < time.Minute:
		return fmt.Sprintf("%d 秒", int(d.Seconds()+0.5))
	}
	return fmt.Sprintf("%d 分 %d 秒", int(d.Minutes()), int(d.Seconds())%60)
}
