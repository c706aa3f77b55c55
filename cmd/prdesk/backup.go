package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/backup"
	"github.com/daugavpils/prdesk/internal/db"
)

// runBackup is prdesk backup: one dated folder with the database's dump,
// the stored files and the manifest, then the oldest removed past -keep.
func runBackup(ctx context.Context, cfg app.Config, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.StringVar(&cfg.BackupDir, "dir", cfg.BackupDir, "folder to write the backup into (BACKUP_DIR)")
	fs.IntVar(&cfg.BackupKeep, "keep", cfg.BackupKeep, "backups to keep in the folder, this one included; 0 keeps all (BACKUP_KEEP)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("backup: unexpected %q (usage: prdesk backup [-dir DIR] [-keep N])", fs.Arg(0))
	}
	pool, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	dir, m, err := backup.Run(ctx, cfg.BackupConfig(pool))
	if dir != "" {
		fmt.Printf("Backup %s\n  database %s: %d tables, %d rows, dump %d bytes (sha256 %s)\n  files: %d (%d bytes; %d linked to the previous backup), %d missing\n  took %.1f s\n",
			dir, m.Database.Name, m.Database.TableCount, m.Database.RowCount, m.Database.Size, m.Database.SHA256,
			m.Files.Count, m.Files.Size, m.Files.Linked, len(m.Files.Missing), m.Seconds)
	}
	return err
}

// runRestore is prdesk restore: check every checksum, then restore into
// DATABASE_URL's (empty) database and FILES_DIR (or -files).
func runRestore(ctx context.Context, cfg app.Config, args []string) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	force := fs.Bool("force", false, "restore into a database that has tables (the backup's are dropped and restored) and a files folder that has files, or a backup that lacks files")
	check := fs.Bool("check", false, "only check the backup's checksums; restore nothing")
	filesDir := fs.String("files", cfg.FilesDir, "files folder to restore the stored files into (FILES_DIR)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: prdesk restore [-force] [-check] [-files DIR] BACKUP_FOLDER")
	}
	from := fs.Arg(0)
	if *check {
		m, err := backup.Verify(ctx, from)
		if err != nil {
			return err
		}
		fmt.Printf("Backup %s is whole: dump %d bytes, %d files (%d bytes), %d tables, %d rows\n",
			from, m.Database.Size, m.Files.Count, m.Files.Size, m.Database.TableCount, m.Database.RowCount)
		return nil
	}
	if _, err := os.Stat(from); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	pool, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	r, err := backup.Restore(ctx, backup.RestoreConfig{From: from, Pool: pool, URL: cfg.DatabaseURL,
		FilesDir: *filesDir, BinDir: cfg.PGBinDir, Force: *force})
	if err != nil {
		return err
	}
	fmt.Printf("Restored %s (made %s): %d tables, %d rows, as in its manifest; %d files copied into %s\n",
		from, r.Manifest.CreatedAt.Format("2006-01-02 15:04:05 MST"), r.Tables, r.Rows, r.Files, *filesDir)
	return nil
}
