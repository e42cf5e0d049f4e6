package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"lawreview/web/storage/sqlstore"
)

// Step gives the migrations that need Go besides their SQL (0030: the
// users table rebuilt to widen its CHECK). A rebuild needs foreign keys
// off, which SQLite switches only outside a transaction: the migration's
// connection has them off, and the migration commits only when
// foreign_key_check finds every reference still whole.
func (Dialect) Step(version int) *sqlstore.Step {
	if version != 30 {
		return nil
	}
	return &sqlstore.Step{
		Prepare: func(ctx context.Context, conn *sql.Conn) (func(), error) {
			if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
				return nil, err
			}
			return func() { conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`) }, nil
		},
		Run: func(ctx context.Context, tx *sql.Tx) error {
			if err := widenRoleCheck(ctx, tx); err != nil {
				return err
			}
			return foreignKeysWhole(ctx, tx)
		},
	}
}

// roleCheck is the CHECK of users.role as 0001 wrote it.
var roleCheck = regexp.MustCompile(`CHECK\s*\(\s*role\s+IN\s*\(([^)]*)\)\s*\)`)

// widenRoleCheck lets users.role hold 'bureau'. SQLite cannot alter a
// CHECK, so the table is rebuilt from its own CREATE statement with the
// list widened: every column it has by now (others' migrations may have
// added some) is copied as it is, and its indexes are made again.
func widenRoleCheck(ctx context.Context, tx *sql.Tx) error {
	var create string
	if err := tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'`).Scan(&create); err != nil {
		return fmt.Errorf("read users table: %w", err)
	}
	m := roleCheck.FindStringSubmatchIndex(create)
	if m == nil {
		return errors.New("users.role has no CHECK (role IN (...)) to widen")
	}
	list := create[m[2]:m[3]]
	if strings.Contains(list, "'bureau'") {
		return nil
	}
	widened := create[:m[3]] + ", 'bureau'" + create[m[3]:]
	head := regexp.MustCompile(`^CREATE TABLE\s+("users"|users)`)
	if !head.MatchString(widened) {
		return fmt.Errorf("unexpected users table statement: %.40s", widened)
	}
	widened = head.ReplaceAllString(widened, "CREATE TABLE users_widened")
	var indexes []string
	rows, err := tx.QueryContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'users' AND sql IS NOT NULL`)
	if err != nil {
		return fmt.Errorf("read users indexes: %w", err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return err
		}
		indexes = append(indexes, s)
	}
	rows.Close()
	for _, stmt := range append([]string{widened,
		`INSERT INTO users_widened SELECT * FROM users`,
		`DROP TABLE users`,
		`ALTER TABLE users_widened RENAME TO users`}, indexes...) {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("rebuild users: %w", err)
		}
	}
	return nil
}

// foreignKeysWhole fails when a reference points nowhere.
func foreignKeysWhole(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		var table string
		var rowid sql.NullInt64
		var parent string
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return fmt.Errorf("foreign key check: %w", err)
		}
		return fmt.Errorf("foreign key check: %s row %d refers to a missing %s", table, rowid.Int64, parent)
	}
	return rows.Err()
}
