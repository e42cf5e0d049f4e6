package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"lawreview/web/storage"
	"lawreview/web/storage/sqlite"
	"lawreview/web/storage/sqlstore"
)

// The SQLite store answers a session read again from memory until
// something is committed (storagetest's SessionUserAfterWrites checks
// that every such commit is seen).
func TestSessionUserFromMemory(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	uid, err := s.CreateUser(ctx, &storage.User{Username: "a", DisplayName: "李华", Role: storage.RoleAdmin, PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := s.CreateSession(ctx, &storage.Session{TokenHash: "t", UserID: uid, CSRFToken: "c", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		name  string
		write func() error
		reads int64
	}{
		{"first read", nil, 1},
		{"again", nil, 1},
		{"and again", nil, 1},
		{"after an unrelated commit", func() error { _, err := s.CreateOffice(ctx, "城关司法所"); return err }, 2},
		{"again after it", nil, 2},
	} {
		if step.write != nil {
			if err := step.write(); err != nil {
				t.Fatal(err)
			}
		}
		se, u, err := s.SessionUser(ctx, "t")
		if err != nil || u == nil || se.UserID != uid || u.Username != "a" {
			t.Fatalf("%s: %+v, %+v, %v", step.name, se, u, err)
		}
		if got := sqlstore.SessionFills(s); got != step.reads {
			t.Errorf("%s: %d entries read from the database, want %d", step.name, got, step.reads)
		}
	}
	// An unknown token is read every time, and never kept.
	for range 2 {
		if _, _, err := s.SessionUser(ctx, "nobody"); err == nil {
			t.Fatal("unknown token read")
		}
	}
	if got := sqlstore.SessionFills(s); got != 2 {
		t.Errorf("unknown tokens counted as kept: %d", got)
	}
}

// BenchmarkSessionUser is what every logged-in request reads before its
// handler, from memory and (a commit between reads) from the database.
func BenchmarkSessionUser(b *testing.B) {
	ctx := context.Background()
	s, err := sqlite.Open(filepath.Join(b.TempDir(), "s.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	oid, err := s.CreateOffice(ctx, "城关司法所")
	if err != nil {
		b.Fatal(err)
	}
	uid, err := s.CreateUser(ctx, &storage.User{Username: "r", DisplayName: "王建国", Role: storage.RoleReviewer, OfficeID: oid, PasswordHash: "x"})
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	if err := s.CreateSession(ctx, &storage.Session{TokenHash: "t", UserID: uid, CSRFToken: "c", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		commit bool
	}{{"memory", false}, {"database", true}} {
		b.Run(c.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				if c.commit {
					b.StopTimer()
					i++ // a new value each time: rewriting the same one left data_version as it was
					if err := s.SetOfficeProvince(ctx, oid, []string{"", "浙江"}[i%2]); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				if _, u, err := s.SessionUser(ctx, "t"); err != nil || u == nil {
					b.Fatal(err)
				}
			}
			b.Logf("%d entries read from the database so far", sqlstore.SessionFills(s))
		})
	}
}
