package main

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/i18n"
)

// benchRegistrations is how many submissions the registration rate is
// measured over. They stay in the registry, as registered ones do: numbers
// are gapless, so none is taken back.
const benchRegistrations = 300

// registrationRate registers submissions through the form, as the front
// desk does (8 clients, each sending the next when the last is answered),
// and prints the rate and the latencies. Each registration takes the
// year's next number under a lock, writes the submission, its timeline,
// its audit entry and its acknowledgement in one transaction.
func registrationRate(ctx context.Context, benchURL, base string, cookie *http.Cookie) error {
	conn, err := pgx.Connect(ctx, benchURL)
	if err != nil {
		return err
	}
	var caseID, chair int64
	err = conn.QueryRow(ctx, `select (select id from doc_cases where case_index = '1-14'),
		(select id from users where username = 'chair')`).Scan(&caseID, &chair)
	conn.Close(ctx)
	if err != nil {
		return fmt.Errorf("a case and an addressee to register with: %w", err)
	}
	const clients = 8
	next := make(chan int, benchRegistrations)
	for i := range benchRegistrations {
		next <- i
	}
	close(next)
	var mu sync.Mutex
	var lat []time.Duration
	failed, firstErr := 0, ""
	started := time.Now()
	stamp := strconv.FormatInt(started.UnixNano(), 36)
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for i := range next {
				req, err := registrationRequest(base, cookie, caseID, chair, stamp+"-"+strconv.Itoa(i), i)
				if err != nil {
					mu.Lock()
					failed++
					firstErr = err.Error()
					mu.Unlock()
					continue
				}
				t0 := time.Now()
				res, err := noRedirects.Do(req.WithContext(ctx))
				d := time.Since(t0)
				mu.Lock()
				lat = append(lat, d)
				switch {
				case err != nil:
					failed++
					if firstErr == "" {
						firstErr = err.Error()
					}
				case res.StatusCode != http.StatusSeeOther:
					failed++
					if firstErr == "" {
						firstErr = "status " + res.Status
					}
				}
				mu.Unlock()
				if res != nil {
					res.Body.Close()
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(started)
	slices.Sort(lat)
	fmt.Printf("Registrations through the form (POST /petitions/new, %d clients, %d submissions): %.0f a second, p50 %s, p95 %s, p99 %s, %d failed.\n",
		clients, len(lat), float64(len(lat))/elapsed.Seconds(), ms(percentile(lat, 0.50)), ms(percentile(lat, 0.95)), ms(percentile(lat, 0.99)), failed)
	if failed > 0 {
		return fmt.Errorf("registering: %s", firstErr)
	}
	return nil
}

// noRedirects answers with the registration's redirect instead of following it.
var noRedirects = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// registrationRequest is the registering form as a browser sends it, with
// an empty file input for the scans.
func registrationRequest(base string, cookie *http.Cookie, caseID, addressee int64, key string, i int) (*http.Request, error) {
	at := time.Now().Add(-time.Hour).In(i18n.Riga)
	// Different people, as at the front desk: one person's earlier
	// submissions are what registering compares the subject with.
	name := maleNames[i%len(maleNames)] + " " + surnames[i/len(maleNames)%len(surnames)][0]
	form := url.Values{
		"idem":           {"bench-reg-" + key},
		"received_date":  {at.Format(time.DateOnly)},
		"received_time":  {at.Format("15:04")},
		"channel":        {"email"},
		"doc_type":       {"submission"},
		"pages":          {"1"},
		"person_name":    {name},
		"person_address": {"Saules iela 1-1, Daugavpils, LV-5401"},
		"person_email":   {"bench+" + key + "@example.lv"},
		"reply_channel":  {"email"},
		"subject":        {"Par ielas apgaismojumu " + key},
		"summary":        {"Bench: registration rate."},
		"case_id":        {strconv.FormatInt(caseID, 10)},
		"addressee_id":   {strconv.FormatInt(addressee, 10)},
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				return nil, err
			}
		}
	}
	h := make(textproto.MIMEHeader)
	h.Set("Content-Disposition", `form-data; name="scans"; filename=""`)
	h.Set("Content-Type", "application/octet-stream")
	if _, err := mw.CreatePart(h); err != nil {
		return nil, err
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	req, err := http.NewRequest(http.MethodPost, base+"/petitions/new", &body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.AddCookie(cookie)
	return req, nil
}
