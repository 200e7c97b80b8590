/** A message that keeps the contract in every field (DESIGN.md "Message"): the base tests vary one field of. */
export const GOOD_MESSAGE = Object.freeze({
  id: 'vk:-1234_5678',
  source: 'vk',
  created_at: '2026-11-23T07:15:00+05:00',
  text: 'Третий день не вывозят мусор во дворе дома 15 по ул. Ленина',
  municipality: '65701000',
  region: '66',
  lat: 56.84,
  lon: 60.61,
  author: 'a9f3',
  url: 'https://vk.com/wall-1234_5678',
});
