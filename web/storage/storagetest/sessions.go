package storagetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"lawreview/web/storage"
)

// SessionUser may answer from memory (the SQLite store does), but never
// with what a commit since has changed: each write that touches a
// session or what its user is read with, made on the node that read it
// (the server's own) and on another (the CLI beside the server, another
// node), is seen by the very next read.
func testSessionUserAfterWrites(t *testing.T, b Backend) {
	ctx := context.Background()
	open := b.Fresh(t)
	reader, other := open(t), open(t)
	w := seed(t, reader)
	office2, err := reader.CreateOffice(ctx, "城南司法所")
	if err != nil {
		t.Fatal(err)
	}
	if err := reader.SetOfficeProvince(ctx, office2, "江苏"); err != nil {
		t.Fatal(err)
	}
	user := func(s storage.Store, id int64) *storage.User {
		u, err := s.User(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	gone := func(se *storage.Session, u *storage.User, err error) string {
		if !errors.Is(err, storage.ErrNotFound) {
			return fmt.Sprintf("session still read: %+v, %v", se, err)
		}
		return ""
	}
	for _, c := range []struct {
		name  string
		write func(s storage.Store, token string) error
		check func(se *storage.Session, u *storage.User, err error) string
	}{
		{"logout", func(s storage.Store, token string) error { return s.DeleteSession(ctx, token) }, gone},
		{"expired sessions swept", func(s storage.Store, token string) error {
			return s.DeleteExpiredSessions(ctx, time.Now().Add(48*time.Hour))
		}, gone},
		{"password changed", func(s storage.Store, token string) error { return s.SetPassword(ctx, w.reviewer, "y") }, gone},
		{"account disabled", func(s storage.Store, token string) error {
			u := user(s, w.reviewer)
			u.Disabled = true
			return s.UpdateUser(ctx, u)
		}, gone},
		{"role changed", func(s storage.Store, token string) error {
			u := user(s, w.reviewer)
			u.Role = storage.RoleAdmin
			return s.UpdateUser(ctx, u)
		}, func(_ *storage.Session, u *storage.User, err error) string {
			if err != nil || u == nil || u.Role != storage.RoleAdmin {
				return fmt.Sprintf("role not read anew: %+v, %v", u, err)
			}
			return ""
		}},
		{"office changed", func(s storage.Store, token string) error {
			u := user(s, w.reviewer)
			u.OfficeID = office2
			return s.UpdateUser(ctx, u)
		}, func(_ *storage.Session, u *storage.User, err error) string {
			if err != nil || u == nil || u.OfficeID != office2 || u.OfficeName != "城南司法所" || u.Province != "江苏" {
				return fmt.Sprintf("office not read anew: %+v, %v", u, err)
			}
			return ""
		}},
		{"office's province changed", func(s storage.Store, token string) error {
			return s.SetOfficeProvince(ctx, w.office, "浙江")
		}, func(_ *storage.Session, u *storage.User, err error) string {
			if err != nil || u == nil || u.Province != "浙江" {
				return fmt.Sprintf("province not read anew: %+v, %v", u, err)
			}
			return ""
		}},
	} {
		for _, on := range []struct {
			name string
			s    storage.Store
		}{{"same node", reader}, {"other node", other}} {
			t.Run(c.name+", "+on.name, func(t *testing.T) {
				// Each case starts from the reviewer as seeded, with a
				// fresh session read twice (the second may be memory's).
				u := user(reader, w.reviewer)
				u.Role, u.OfficeID, u.Disabled = storage.RoleReviewer, w.office, false
				if err := reader.UpdateUser(ctx, u); err != nil {
					t.Fatal(err)
				}
				if err := reader.SetOfficeProvince(ctx, w.office, ""); err != nil {
					t.Fatal(err)
				}
				token := "tok " + t.Name()
				now := time.Now()
				if err := reader.CreateSession(ctx, &storage.Session{TokenHash: token, UserID: w.reviewer, CSRFToken: "csrf", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
					t.Fatal(err)
				}
				for range 2 {
					se, u, err := reader.SessionUser(ctx, token)
					if err != nil || u == nil || se.UserID != w.reviewer || u.ID != w.reviewer || u.Role != storage.RoleReviewer || u.OfficeName != "城关司法所" || u.Province != "" {
						t.Fatalf("before the write: %+v, %+v, %v", se, u, err)
					}
				}
				if err := c.write(on.s, token); err != nil {
					t.Fatal(err)
				}
				if msg := c.check(reader.SessionUser(ctx, token)); msg != "" {
					t.Error(msg)
				}
			})
		}
	}
	// A handler may change the user it is given; the next request's is
	// the stored one.
	now := time.Now()
	if err := reader.CreateSession(ctx, &storage.Session{TokenHash: "copy", UserID: w.clerk, CSRFToken: "csrf", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		_, u, err := reader.SessionUser(ctx, "copy")
		if err != nil || u == nil || u.Role != storage.RoleClerk {
			t.Fatalf("clerk's session: %+v, %v", u, err)
		}
		u.Role = storage.RoleAdmin
	}
	if _, _, err := reader.SessionUser(ctx, "no such token"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("unknown token: %v", err)
	}
}
