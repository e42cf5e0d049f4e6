package sqlite

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"lawreview/web/storage"
)

// Migration 0030 rebuilds users to let role hold 'bureau': on a database
// that already holds accounts, documents and sessions, every row and
// reference survives, the new role is accepted, an unknown one is still
// refused and foreign keys are enforced afterwards.
func TestBureauMigrationKeepsAccounts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(Migrations, "migrations/*.sql")
	sort.Strings(names)
	for _, n := range names {
		base := filepath.Base(n)
		num, _ := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if num >= 30 {
			continue
		}
		body, _ := Migrations.ReadFile(n)
		if _, err := db.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", base, err)
		}
		db.Exec(`INSERT INTO schema_migrations VALUES (?, ?, '')`, num, base)
	}
	for _, q := range []string{
		`INSERT INTO offices (id, name, created_at) VALUES (1, '城关司法所', '')`,
		`INSERT INTO townships (id, name, office_id, created_at) VALUES (1, '东湖镇', 1, '')`,
		`INSERT INTO users (id, username, display_name, role, township_id, password_hash, created_at) VALUES (1, 'clerk', '张敏', 'clerk', 1, 'h', '')`,
		`INSERT INTO users (id, username, display_name, role, office_id, password_hash, created_at) VALUES (2, 'rev', '王建国', 'reviewer', 1, 'h', '')`,
		`INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ('t', 2, 'c', '', '9999')`,
		`INSERT INTO documents (id, township_id, title, doc_type, status, created_by, created_at, updated_at) VALUES (1, 1, '草案', '村规民约', 'pending', 1, '', '')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatalf("migrate: %v", err)
	}
	defer s.Close()
	u, err := s.User(ctx, 2)
	if err != nil || u.Role != storage.RoleReviewer || u.OfficeName != "城关司法所" {
		t.Fatalf("reviewer after migration: %+v, %v", u, err)
	}
	if se, err := s.Session(ctx, "t"); err != nil || se.UserID != 2 {
		t.Errorf("session after migration: %+v, %v", se, err)
	}
	if d, err := s.Document(ctx, 1); err != nil || d.CreatorName != "张敏" {
		t.Errorf("document after migration: %+v, %v", d, err)
	}
	b, err := s.CreateBureau(ctx, "某县司法局")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, &storage.User{Username: "county", DisplayName: "赵科长", Role: storage.RoleBureau, BureauID: b, PasswordHash: "h"}); err != nil {
		t.Fatalf("bureau account: %v", err)
	}
	if _, err := s.CreateUser(ctx, &storage.User{Username: "x", DisplayName: "x", Role: "root", PasswordHash: "h"}); err == nil {
		t.Error("role root accepted")
	}
	if _, err := s.CreateUser(ctx, &storage.User{Username: "y", DisplayName: "y", Role: storage.RoleBureau, BureauID: 99, PasswordHash: "h"}); err == nil {
		t.Error("account of a missing bureau accepted: foreign keys are off")
	}
	if _, err := s.CreateUser(ctx, &storage.User{Username: "clerk", DisplayName: "z", Role: storage.RoleClerk, TownshipID: 1, PasswordHash: "h"}); err != storage.ErrDuplicate {
		t.Errorf("duplicate user name: %v, want ErrDuplicate (the unique index is gone)", err)
	}
	if err := s.SetBureauOffices(ctx, b, []int64{1}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Bureau(ctx, b)
	if err != nil || len(got.OfficeIDs) != 1 || got.OfficeIDs[0] != 1 {
		t.Errorf("bureau offices: %+v, %v", got, err)
	}
	if err := s.SetBureauOffices(ctx, b, []int64{42}); err == nil {
		t.Error("a missing office assigned")
	}
}
