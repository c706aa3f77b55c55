-- +goose Up
-- Media monitoring keeps a radio or TV story as its recording: MP3, M4A
-- and MP4 files join the types a file may be. The old rows hold the old
-- types, so the wider check is checked on them without blocking writes.
alter table files drop constraint files_media_type_check;
alter table files add constraint files_media_type_check check (
    media_type in ('application/pdf', 'image/jpeg', 'image/png', 'image/tiff', 'audio/mpeg', 'audio/mp4', 'video/mp4')) not valid;
alter table files validate constraint files_media_type_check;

-- +goose Down
-- +goose StatementBegin
do $$ begin
    if exists (select 1 from files where media_type in ('audio/mpeg', 'audio/mp4', 'video/mp4')) then
        raise exception 'files hold recordings; remove them before going down';
    end if;
end $$;
-- +goose StatementEnd
alter table files drop constraint files_media_type_check;
alter table files add constraint files_media_type_check check (
    media_type in ('application/pdf', 'image/jpeg', 'image/png', 'image/tiff')) not valid;
alter table files validate constraint files_media_type_check;
