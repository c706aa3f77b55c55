package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/daugavpils/prdesk/internal/jobs"
)

// The audit log is a chain: the sealer (Seal, a job every SealEvery) gives
// each committed entry the next number in the chain and the SHA-256 of the
// previous entry's hash and its own content (audit_entry_bytes, migration
// 00155). Changing, deleting or slipping in an entry by hand breaks the
// chain from there on, which Verify finds. Whoever can rewrite the whole
// chain after the change can hide it: Verify reports the last hash, which
// an administrator may note elsewhere to anchor it.

// SealEvery is how often the job seals the new entries: the longest an
// entry stays outside the chain.
const SealEvery = time.Minute

// sealBatch bounds one transaction of the sealer.
const sealBatch = 5000

// Seal chains every entry committed and not yet sealed, a batch a
// transaction, and returns how many it sealed.
func Seal(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	total := 0
	for {
		var n int
		if err := pool.QueryRow(ctx, `select audit_seal($1)`, sealBatch).Scan(&n); err != nil {
			return total, fmt.Errorf("sealing the audit log: %w", err)
		}
		total += n
		if n < sealBatch {
			return total, nil
		}
	}
}

// Verification is what Verify found.
type Verification struct {
	Sealed   int64  // entries of the chain checked, up to the break
	Unsealed int64  // entries the sealer has not reached yet
	LastHash []byte // the chain's last hash, to note elsewhere
	// Broken is the chain number of the first entry whose hash does not
	// follow (0: the chain holds), BrokenID its entry's id, and Reason why.
	Broken   int64
	BrokenID int64
	Reason   string
}

// verifyBatch is how many entries one query of Verify reads.
const verifyBatch = 10000

// Verify walks the chain from its start, recomputing every hash, and
// reports the first entry where it breaks: one changed (its hash does not
// match its content), one removed (a number missing) or one whose chain
// was rewritten after it (its hash does not follow the one before).
func Verify(ctx context.Context, pool *pgxpool.Pool) (Verification, error) {
	var v Verification
	if err := pool.QueryRow(ctx, `select count(*) from audit_log where chain_seq is null`).Scan(&v.Unsealed); err != nil {
		return v, err
	}
	prev := []byte{}
	var seq int64
	for {
		rows, err := pool.Query(ctx, `select a.chain_seq, a.id, a.hash, audit_entry_bytes(a) from audit_log a
			where a.chain_seq > $1 order by a.chain_seq limit $2`, seq, verifyBatch)
		if err != nil {
			return v, err
		}
		n := 0
		var id int64
		var hash, content []byte
		_, err = pgx.ForEachRow(rows, []any{&seq, &id, &hash, &content}, func() error {
			n++
			if v.Broken != 0 {
				return nil
			}
			sum := sha256.Sum256(append(append([]byte{}, prev...), content...))
			switch {
			case seq == v.Sealed+2:
				v.Broken, v.BrokenID, v.Reason = seq, id, fmt.Sprintf("entry %d of the chain is missing", seq-1)
			case seq != v.Sealed+1:
				v.Broken, v.BrokenID, v.Reason = seq, id, fmt.Sprintf("entries %d–%d of the chain are missing", v.Sealed+1, seq-1)
			case !bytes.Equal(sum[:], hash):
				v.Broken, v.BrokenID, v.Reason = seq, id, "its content or the chain before it was changed"
			}
			v.Sealed++
			prev = hash
			return nil
		})
		if err != nil {
			return v, err
		}
		if v.Broken != 0 || n < verifyBatch {
			v.LastHash = prev
			return v, nil
		}
	}
}

// SealArgs is the job that seals the new audit entries.
type SealArgs struct{}

// Kind names the job in River's table.
func (SealArgs) Kind() string { return "audit_seal" }

type sealWorker struct {
	river.WorkerDefaults[SealArgs]
	pool *pgxpool.Pool
}

func (w *sealWorker) Work(ctx context.Context, _ *river.Job[SealArgs]) error {
	_, err := Seal(ctx, w.pool)
	return err
}

// RegisterSealing makes the job client seal the new entries every
// SealEvery, and once at start.
func RegisterSealing(reg *jobs.Registry, pool *pgxpool.Pool) {
	jobs.Add(reg, &sealWorker{pool: pool})
	reg.Periodic(river.NewPeriodicJob(river.PeriodicInterval(SealEvery),
		func() (river.JobArgs, *river.InsertOpts) { return SealArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true}))
}
