package opinion

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"
)

// browser is one headless Chromium kept running between PDFs and driven
// over the DevTools protocol on a pipe (--remote-debugging-pipe: commands
// go in on file descriptor 3, answers and events come out on 4, each a
// JSON message ended by a NUL byte). Starting Chromium, not printing, is
// what took seconds: each PDF is now a new tab in the running browser.
// The standard library is enough for this: no WebSocket, no CDP library.
//
// Chromium reads EOF on its pipe when this process ends, however it ends,
// and quits; close ends it and its helpers at once.
type browser struct {
	cmd  *exec.Cmd
	in   io.WriteCloser // Chromium's fd 3
	msgs chan cdpMessage
	dead chan struct{} // closed when Chromium has exited
	dir  string        // profile and pages
	wmu  sync.Mutex
	next int64

	mu      sync.Mutex
	waiting map[int64]chan cdpMessage
	events  []cdpMessage // events no caller has taken yet
	evWake  chan struct{}
}

type cdpMessage struct {
	ID        int64           `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// errBrowserGone is returned for a call on a browser that has exited.
var errBrowserGone = errors.New("chromium exited")

// startBrowser starts Chromium bin with its profile in dir and env added to
// the environment.
func startBrowser(bin, dir string, env []string) (*browser, error) {
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("chromium pipe: %w", err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		cmdR.Close()
		cmdW.Close()
		return nil, fmt.Errorf("chromium pipe: %w", err)
	}
	cmd := exec.Command(bin, "--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
		"--disable-dev-shm-usage", "--disable-background-networking", "--disable-extensions", "--mute-audio",
		"--no-first-run", "--no-default-browser-check", "--user-data-dir="+filepath.Join(dir, "profile"), "about:blank")
	cmd.Env = append(append(os.Environ(), "HOME="+dir), env...)
	cmd.ExtraFiles = []*os.File{cmdR, outW}
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	ownGroup(cmd)
	if err := cmd.Start(); err != nil {
		cmdR.Close()
		cmdW.Close()
		outR.Close()
		outW.Close()
		return nil, fmt.Errorf("start chromium: %w", err)
	}
	cmdR.Close() // Chromium's ends
	outW.Close()
	b := &browser{cmd: cmd, in: cmdW, msgs: make(chan cdpMessage, 64), dead: make(chan struct{}), dir: dir,
		waiting: map[int64]chan cdpMessage{}, evWake: make(chan struct{}, 1)}
	go b.read(outR)
	go func() { cmd.Wait(); close(b.dead) }()
	return b, nil
}

// read dispatches Chromium's messages: answers to their callers, events to
// the queue waitEvent looks in.
func (b *browser) read(r io.ReadCloser) {
	defer r.Close()
	br := bufio.NewReaderSize(r, 1<<20)
	for {
		raw, err := br.ReadBytes(0)
		if err != nil {
			return
		}
		var m cdpMessage
		if json.Unmarshal(raw[:len(raw)-1], &m) == nil {
			b.dispatch(m)
		}
	}
}

func (b *browser) dispatch(m cdpMessage) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if m.ID != 0 {
		if ch, ok := b.waiting[m.ID]; ok {
			delete(b.waiting, m.ID)
			ch <- m
		}
		return
	}
	if m.Method == "" {
		return
	}
	if len(b.events) < 1000 { // events nobody waits for are dropped past this
		b.events = append(b.events, m)
	}
	select {
	case b.evWake <- struct{}{}:
	default:
	}
}

// send writes one command and registers the channel its answer comes on.
func (b *browser) send(session, method string, params any) (int64, chan cdpMessage, error) {
	b.wmu.Lock()
	defer b.wmu.Unlock()
	b.next++
	id := b.next
	ch := make(chan cdpMessage, 1)
	b.expect(id, ch)
	msg, err := json.Marshal(struct {
		ID        int64  `json:"id"`
		Method    string `json:"method"`
		SessionID string `json:"sessionId,omitempty"`
		Params    any    `json:"params,omitempty"`
	}{id, method, session, params})
	if err == nil {
		_, err = b.in.Write(append(msg, 0))
	}
	return id, ch, err
}

func (b *browser) expect(id int64, ch chan cdpMessage) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.waiting[id] = ch
}

// forget stops waiting for an answer (given, or given up on).
func (b *browser) forget(id int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.waiting, id)
}

// call sends one command (to a tab when session is set) and decodes its
// result into out.
func (b *browser) call(ctx context.Context, session, method string, params, out any) error {
	id, ch, err := b.send(session, method, params)
	defer b.forget(id)
	if err != nil {
		return fmt.Errorf("chromium %s: %w", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return fmt.Errorf("chromium %s: %s", method, m.Error.Message)
		}
		if out != nil {
			return json.Unmarshal(m.Result, out)
		}
		return nil
	case <-b.dead:
		return fmt.Errorf("chromium %s: %w", method, errBrowserGone)
	case <-ctx.Done():
		return fmt.Errorf("chromium %s: %w", method, ctx.Err())
	}
}

// waitEvent waits for an event of a tab, taking it from the queue.
func (b *browser) waitEvent(ctx context.Context, session, method string) error {
	for !b.takeEvent(session, method) {
		select {
		case <-b.evWake:
		case <-b.dead:
			return fmt.Errorf("chromium waiting for %s: %w", method, errBrowserGone)
		case <-ctx.Done():
			return fmt.Errorf("chromium waiting for %s: %w", method, ctx.Err())
		}
	}
	return nil
}

// takeEvent removes a tab's event from the queue, reporting whether it
// was there.
func (b *browser) takeEvent(session, method string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, m := range b.events {
		if m.Method == method && m.SessionID == session {
			b.events = append(b.events[:i], b.events[i+1:]...)
			return true
		}
	}
	return false
}

// dropEvents forgets the events of a closed tab.
func (b *browser) dropEvents(session string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	kept := b.events[:0]
	for _, m := range b.events {
		if m.SessionID != session {
			kept = append(kept, m)
		}
	}
	b.events = kept
}

// print opens the page in a new tab, waits until it and its fonts are
// loaded, and prints it with the page size and margins its CSS sets.
func (b *browser) print(ctx context.Context, page []byte) ([]byte, error) {
	f, err := os.CreateTemp(b.dir, "page-*.html")
	if err != nil {
		return nil, fmt.Errorf("chromium page: %w", err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(page); err != nil {
		f.Close()
		return nil, fmt.Errorf("chromium page: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("chromium page: %w", err)
	}
	var target struct {
		TargetID string `json:"targetId"`
	}
	if err := b.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		return nil, err
	}
	defer func() {
		// Closed even when printing failed or ctx ran out, but never
		// waited on for long: a hung browser is ended by the Printer.
		cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		b.call(cctx, "", "Target.closeTarget", map[string]any{"targetId": target.TargetID}, nil)
	}()
	var att struct {
		SessionID string `json:"sessionId"`
	}
	if err := b.call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att); err != nil {
		return nil, err
	}
	s := att.SessionID
	defer b.dropEvents(s)
	if err := b.call(ctx, s, "Page.enable", nil, nil); err != nil {
		return nil, err
	}
	var nav struct {
		ErrorText string `json:"errorText"`
	}
	if err := b.call(ctx, s, "Page.navigate", map[string]any{"url": "file://" + f.Name()}, &nav); err != nil {
		return nil, err
	}
	if nav.ErrorText != "" {
		return nil, fmt.Errorf("chromium: open page: %s", nav.ErrorText)
	}
	if err := b.waitEvent(ctx, s, "Page.loadEventFired"); err != nil {
		return nil, err
	}
	if err := b.call(ctx, s, "Runtime.evaluate", map[string]any{"expression": "document.fonts.ready.then(() => true)", "awaitPromise": true}, nil); err != nil {
		return nil, err
	}
	var pdf struct {
		Data string `json:"data"`
	}
	if err := b.call(ctx, s, "Page.printToPDF", map[string]any{"printBackground": true, "preferCSSPageSize": true, "displayHeaderFooter": false}, &pdf); err != nil {
		return nil, err
	}
	data, err := base64.StdEncoding.DecodeString(pdf.Data)
	if err != nil {
		return nil, fmt.Errorf("chromium PDF: %w", err)
	}
	return data, nil
}

// alive reports whether Chromium is still running.
func (b *browser) alive() bool {
	select {
	case <-b.dead:
		return false
	default:
		return true
	}
}

// close ends Chromium and its helper processes.
func (b *browser) close() {
	b.in.Close() // Chromium quits on EOF
	killGroup(b.cmd)
	<-b.dead
}
