/** The metro area the generated operation serves (around Amsterdam), and the planar-offset geometry it is built with. */
import type { Rng } from '../../domain/index.ts';
import { between, round } from './draw.ts';

export interface LatLon {
  lat: number;
  lon: number;
}

/** Kilometres per degree of latitude (WGS84 mean); a degree of longitude is this times cos(latitude). */
const KM_PER_DEG = 111.32;

/** The point `eastKm` east and `northKm` north of `base`; flat-earth, fine within a metro area or a 100 km benchmark. */
export function offsetKm(base: LatLon, eastKm: number, northKm: number): LatLon {
  const lat = base.lat + northKm / KM_PER_DEG;
  const lon = base.lon + eastKm / (KM_PER_DEG * Math.cos((base.lat * Math.PI) / 180));
  // Six decimals is about 10 cm: stable JSON without pretending to more precision.
  return { lat: round(lat, 6), lon: round(lon, 6) };
}

/** The point `km` away from `base` along a compass bearing in degrees (0 = north, 90 = east). */
export function alongBearing(base: LatLon, bearingDeg: number, km: number): LatLon {
  const rad = (bearingDeg * Math.PI) / 180;
  return offsetKm(base, km * Math.sin(rad), km * Math.cos(rad));
}

/** A random point between `minKm` and `maxKm` from `base`, in any direction. */
export function scatter(rng: Rng, base: LatLon, minKm: number, maxKm: number): LatLon {
  return alongBearing(base, between(rng, 0, 360), between(rng, minKm, maxKm));
}

/** Amsterdam Centraal: the middle of the generated operation. */
export const METRO_CENTRE: LatLon = { lat: 52.3791, lon: 4.9003 };

/** A compass direction a depot may sit in, with the towns its customers live in (nearest first). */
export interface Direction {
  code: string;
  name: string;
  bearing: number;
  towns: readonly [string, string, string];
}

/** Depots are placed in this order, so two depots are North and South, four add East and West. */
export const DIRECTIONS: readonly Direction[] = [
  { code: 'N', name: 'North', bearing: 0, towns: ['Amsterdam-Noord', 'Zaandam', 'Purmerend'] },
  { code: 'S', name: 'South', bearing: 180, towns: ['Amsterdam-Zuid', 'Amstelveen', 'Uithoorn'] },
  { code: 'E', name: 'East', bearing: 90, towns: ['Diemen', 'Weesp', 'Almere'] },
  { code: 'W', name: 'West', bearing: 270, towns: ['Osdorp', 'Halfweg', 'Haarlem'] },
  { code: 'NE', name: 'North-East', bearing: 45, towns: ['Durgerdam', 'Monnickendam', 'Volendam'] },
  { code: 'SW', name: 'South-West', bearing: 225, towns: ['Badhoevedorp', 'Hoofddorp', 'Nieuw-Vennep'] },
  { code: 'NW', name: 'North-West', bearing: 315, towns: ['Westzaan', 'Assendelft', 'Krommenie'] },
  { code: 'SE', name: 'South-East', bearing: 135, towns: ['Duivendrecht', 'Abcoude', 'Driemond'] },
];

export const STREETS: readonly string[] = [
  'Dorpsstraat', 'Kerkstraat', 'Molenweg', 'Stationsweg', 'Industrieweg', 'Havenstraat', 'Schoolstraat',
  'Julianalaan', 'Parallelweg', 'Nieuwe Gracht', 'Zuiderweg', 'Bloemenlaan', 'Sluisweg', 'Dijkstraat',
];

/** Family names shared by people and businesses. */
export const FAMILY_NAMES: readonly string[] = [
  'de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer',
  'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'Dekker', 'Brouwer', 'de Wit',
];

export const GIVEN_NAMES: readonly string[] = [
  'Anna', 'Daan', 'Emma', 'Lucas', 'Sophie', 'Sem', 'Julia', 'Finn', 'Tess', 'Milan', 'Sara', 'Noah', 'Lotte',
  'Levi', 'Fleur', 'Bram', 'Yara', 'Mohammed', 'Noor', 'Jesse',
];
