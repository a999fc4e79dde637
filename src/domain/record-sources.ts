/**
 * The five articles the record is built from (shared/seeds), described only by what each file
 * itself says. Where a file gives no title, publication or date, the list says so; nothing is guessed.
 */
export interface RecordSource {
  file: string;
  title: string | null;
  publication: string | null;
  /** Why the publication is known: the words in the file that name it. */
  publicationNote: string | null;
  date: string | null;
  /** What the file says about its own time, when it gives no date. */
  dateNote: string;
}

export const RECORD_SOURCES: readonly RecordSource[] = [
  {
    file: '000_3ad9a8ce8c300d77.txt',
    title: null,
    publication: 'South China Morning Post',
    publicationNote: 'The article notes "Alibaba owns the South China Morning Post".',
    date: null,
    dateNote: 'No date in the file; it reports Tencent\'s announcement "on Monday".',
  },
  {
    file: '001_88c09b51e0654d57.txt',
    title: 'The writing’s on the wall', // the headline; its subhead: "Tencent opens up its walled ecosystem further to rivals"
    publication: 'Week in China',
    publicationNote:
      'Its footer: "The Week in China website and the weekly magazine publications are owned and maintained by ChinTell Limited, Hong Kong."',
    date: null,
    dateNote: 'No date in the file; it speaks of "last week".',
  },
  {
    file: '002_c38cf0f4a4e7f84b.txt',
    title: null,
    publication: 'KrASIA',
    publicationNote: 'The article says "Alibaba told KrASIA".',
    date: null,
    dateNote: 'No date in the file; it places the regulators\' order "Earlier in the month".',
  },
  {
    file: '003_c2934a50caf5392e.txt',
    title: 'WeChat allows more direct links from rivals, including Taobao & Douyin',
    publication: null,
    publicationNote: null,
    date: null,
    dateNote: 'No date of its own; it reports WeChat\'s update note of "Monday (29 November)".',
  },
  {
    file: '004_4cb63c2da069ed75.txt',
    title: 'Chinese apps opening up: tearing down the walled garden',
    publication: null,
    publicationNote: 'A blog post (the page reads "Post: Blog2").',
    date: null,
    dateNote: 'No date in the file; it mentions September 14 and October 27 as events.',
  },
];

/** The anchor of a source on /sources: "source-002". */
export const sourceAnchor = (file: string): string => `source-${file.slice(0, 3)}`;
