// Package workflow is what the workplace does: upload and review drafts,
// decide findings, conclude, sign off and reopen, keep accounts, learn
// from signed reviews (precedents) and hand out the documents a review
// produces. Plain Go in, typed records and errors of a Kind out, no HTTP:
// the web (web/) parses requests, calls one operation and renders; the
// command line (cmd/lawreview) calls the same operations.
//
// Every operation that acts for a user takes that user and checks access
// (access.go); every change is one store transaction, written to the audit
// log afterwards.
package workflow

import (
	"context"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	pindex "lawreview/index/precedent"
	"lawreview/review/memo"
	"lawreview/web/files"
	"lawreview/web/storage"
)

// Config is what the workflow needs. Store, Files and Engine are
// required. The fields may be changed before the service is used (tests
// give it a precedent index or another renderer), not while it works.
type Config struct {
	Store   storage.Store
	Files   *files.Store
	Engine  Engine
	Laws    Laws            // optional: article pages and basis links
	Search  Searcher        // optional: law search
	Opinion OpinionRenderer // optional: signed opinion as a file
	// Precedents is the precedent search index; optional.
	Precedents *pindex.Index
	// Finders find, in every review, the sentences no rule flags that
	// repeat an unlawful precedent of the reviewing office (finders.go);
	// optional: without them precedents only accompany findings.
	Finders *PrecedentFinders
	// Province is the province of offices that have none set (serve
	// --province): their law searches include its local regulations.
	Province string
	Logger   *slog.Logger

	MaxUpload  int64         // largest accepted file, default 20 MB
	SessionTTL time.Duration // default 12 h
	// Soffice is the LibreOffice executable that reads .doc and .wps
	// uploads; "" looks up soffice or libreoffice on PATH. Without one
	// those uploads are refused with a message saying so.
	Soffice string
	Now     func() time.Time // for tests; default time.Now
}

// Service runs the workflow over one store.
type Service struct {
	Config
	logins loginGate
	// pdfJobs are the PDFs of signed rounds being made (opinion.go); bg
	// counts the goroutines that keep them when they are done.
	pdfMu   sync.Mutex
	pdfJobs map[roundKey]*trackedJob
	bg      sync.WaitGroup
	rules   ruleNames // rules.go
	// lastSweep is when expired sessions were last deleted (Unix seconds).
	lastSweep atomic.Int64
	// follow lets one catch-up of the precedent index run at a time.
	follow sync.Mutex
	// heavySlots and heavyWaiters bound extraction and review work.
	heavySlots   chan struct{}
	heavyWaiters atomic.Int64
	// held are uploads waiting for the clerk to confirm their type.
	held holds
	// tables are the table rows of versions (tables.go); a version's
	// file never changes.
	tables memo.Map[int64, []TableRow]
}

// New makes the service, with the defaults of the fields not set.
func New(cfg Config) *Service {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = 20 << 20
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{Config: cfg, heavySlots: make(chan struct{}, heavySlots), tables: memo.Map[int64, []TableRow]{Limit: tableRowsMax}}
}

func (s *Service) now() time.Time { return s.Now() }

// Today is the start of the current day, local time.
func (s *Service) Today() time.Time {
	n := s.now().Local()
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.Local)
}

type requestKey struct{}

// request is who asks from where: it travels in the context so that
// operations write the audit log without knowing about HTTP.
type request struct {
	IP        string
	RequestID string
}

// WithRequest records the client address and the request id in ctx, for
// the audit log and login throttling.
func WithRequest(ctx context.Context, ip, requestID string) context.Context {
	return context.WithValue(ctx, requestKey{}, request{IP: ip, RequestID: requestID})
}

func requestFrom(ctx context.Context) request {
	r, _ := ctx.Value(requestKey{}).(request)
	return r
}

// audit writes one line of the audit log; a failure is logged, not
// returned, because the action itself already succeeded. The log is the
// administrator's, who may not read drafts (access.go): details name what
// was done to which record, never words of a draft, a finding, a comment
// or a reason (those are in the review's own history, for those who may
// read it).
func (s *Service) audit(ctx context.Context, u *storage.User, action storage.AuditAction, target, detail string) {
	ri := requestFrom(ctx)
	e := &storage.AuditEntry{At: s.now(), Action: action, Target: target, Detail: detail, IP: ri.IP, RequestID: ri.RequestID}
	if u != nil {
		e.UserID, e.Username = u.ID, u.Username
	}
	if err := s.Store.Audit(context.WithoutCancel(ctx), e); err != nil {
		s.Logger.Error("audit log", "error", err, "action", action)
	}
}

// Reading and reviewing a draft takes a core and, for a draft at the
// review's limits, a few hundred megabytes: 50 of them at once would
// share the CPU fifty ways (logins waited 25 s behind them in the load
// benchmark) and add up their memory. At most heavySlots run at once; the
// others wait for a slot while their request lives, and past
// maxHeavyWaiters the service says it is busy instead of queueing more.
var heavySlots = max(2, runtime.NumCPU())

const maxHeavyWaiters = 256

// heavyOnce is heavy whose release may be called more than once: an
// operation gives the slot back as soon as its review is done (storing
// needs none) and defers the release for the paths that end earlier.
func (s *Service) heavyOnce(ctx context.Context) (release func(), err error) {
	r, err := s.heavy(ctx)
	if err != nil {
		return nil, err
	}
	var once sync.Once
	return func() { once.Do(r) }, nil
}

// heavyIfFree takes a slot for extraction and review work only if one is
// free at once, for work that can be left undone (the review page's table
// rows), and returns the function that gives it back.
func (s *Service) heavyIfFree() (release func(), ok bool) {
	select {
	case s.heavySlots <- struct{}{}:
		return func() { <-s.heavySlots }, true
	default:
		return nil, false
	}
}

// heavy waits for a slot for extraction and review work and returns the
// function that gives it back.
func (s *Service) heavy(ctx context.Context) (release func(), err error) {
	if s.heavyWaiters.Add(1) > maxHeavyWaiters {
		s.heavyWaiters.Add(-1)
		return nil, ErrBusy
	}
	defer s.heavyWaiters.Add(-1)
	select {
	case s.heavySlots <- struct{}{}:
		return func() { <-s.heavySlots }, nil
	case <-ctx.Done():
		return nil, &Error{Kind: Unavailable, Msg: ErrBusy.Msg, Err: ctx.Err()}
	}
}
