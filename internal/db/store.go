package db

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/errs"
)

// Querier is what a pool and a transaction have in common: a store's
// reader takes one, so that a use case can read through its own
// transaction and a page through the pool.
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

var (
	_ Querier = (*pgxpool.Pool)(nil)
	_ Querier = pgx.Tx(nil)
)

// InTx runs fn in one transaction: committed when fn returns nil, rolled
// back otherwise. A store's use case is one call of InTx; handlers never
// open a transaction.
func InTx(ctx context.Context, pool *pgxpool.Pool, fn func(tx pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, pool, fn)
}

// PostgreSQL's codes for the constraints a store turns into field errors.
const (
	codeUnique     = "23505"
	codeForeignKey = "23503"
	codeExclusion  = "23P01"
)

// IsUnique tells whether err is a unique violation of the named
// constraint, or of any when constraint is "".
func IsUnique(err error, constraint string) bool { return isViolation(err, codeUnique, constraint) }

// IsForeignKey tells whether err is a foreign-key violation of the named
// constraint, or of any when constraint is "".
func IsForeignKey(err error, constraint string) bool {
	return isViolation(err, codeForeignKey, constraint)
}

// IsExclusion tells whether err is an exclusion violation (two rows that
// must not overlap) of the named constraint, or of any when constraint is "".
func IsExclusion(err error, constraint string) bool {
	return isViolation(err, codeExclusion, constraint)
}

func isViolation(err error, code, constraint string) bool {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != code {
		return false
	}
	return constraint == "" || strings.EqualFold(pgErr.ConstraintName, constraint)
}

// NotFound turns pgx.ErrNoRows into errs.NotFound, saying what was sought;
// any other error (or nil) passes through unchanged.
func NotFound(err error, what string) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, errs.NotFound)
	}
	return err
}

// Versioned is the result of an UPDATE or DELETE guarded by
// "where id = $1 and version = $2": no row changed means the form was
// drawn from an older version (or the record is gone), a conflict.
func Versioned(tag pgconn.CommandTag, err error) error {
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("changed since the form was drawn: %w", errs.Conflict)
	}
	return nil
}
