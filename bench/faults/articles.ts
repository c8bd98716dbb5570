import { randomBytes } from 'node:crypto';
import type { ArticleSpec } from './protocol';

/** Distinct subjects, so every article of a run has its own title, keyphrases and prompt. */
const SUBJECTS = [
  ['lighthouse', 'Volunteers relight the old lighthouse', 'keepers, lantern glass and a restored cottage on the headland'],
  ['beekeeping', 'Rooftop beekeepers harvest city honey', 'hives, linden blossom and rooftop gardens above the market'],
  ['glacier', 'Scientists measure the retreating glacier', 'ice cores, meltwater streams and survey stakes in the valley'],
  ['orchard', 'An heirloom apple orchard is replanted', 'grafted saplings, cider presses and old apple varieties'],
  ['observatory', 'The hilltop observatory opens to the public', 'telescopes, star charts and a dome that turns at dusk'],
  ['ferry', 'The river ferry returns after forty years', 'a wooden ferry, mooring posts and commuters with bicycles'],
  ['vineyard', 'Terraced vineyards survive the late frost', 'vines, stone terraces and smudge pots glowing before dawn'],
  ['library', 'A floating library tours the canal villages', 'a narrowboat full of books, reading corners and canal locks'],
  ['windmill', 'Millers bring the tower windmill back to work', 'sails, millstones and sacks of stone-ground flour'],
  ['coral', 'Divers replant a bleached coral reef', 'coral nurseries, reef fish and divers with underwater frames'],
  ['bakery', 'A village bakery fires its wood oven again', 'sourdough loaves, a brick oven and flour-dusted bakers'],
  ['railway', 'A mountain railway reopens its steepest line', 'a rack railway, tunnels and a viaduct over the gorge'],
  ['market', 'The night market lights up the old square', 'lanterns, food stalls and crowds under string lights'],
  ['falconry', 'Falconers train hawks to guard the airport', 'falcons, leather gloves and runways at sunrise'],
  ['pottery', 'Potters revive a forgotten glaze', 'kilns, clay bowls and a celadon glaze drying on shelves'],
  ['kayak', 'Kayakers map the flooded caves', 'sea kayaks, headlamps and limestone caves at low tide'],
  ['tram', 'Heritage trams run on the harbour line', 'restored trams, overhead wires and cobbled harbour streets'],
  ['meadow', 'Farmers sow wildflower meadows for pollinators', 'poppies, cornflowers and butterflies over the fields'],
  ['violin', 'A luthier carves violins from fallen trees', 'spruce tops, carving tools and varnished violins on a bench'],
  ['salt', 'Salt harvesters rake the coastal pans', 'salt pans, wooden rakes and white pyramids of sea salt'],
  ['clocktower', 'The town clock chimes again after repairs', 'brass gears, a clock face and bell ropes in the tower'],
  ['greenhouse', 'A Victorian greenhouse reopens with rare ferns', 'iron frames, glass panes and tree ferns in the mist'],
  ['sheepdog', 'Sheepdog trials draw crowds to the valley', 'border collies, flocks of sheep and a shepherd with a crook'],
  ['canoe', 'Students build a birchbark canoe', 'birch bark, cedar ribs and a canoe on the lake shore'],
  ['forge', 'A blacksmith teaches forging to apprentices', 'an anvil, glowing iron and hammers in the smithy'],
  ['tea', 'Highland tea pickers start the first flush', 'tea bushes, woven baskets and misty hillside terraces'],
  ['aqueduct', 'Engineers restore the Roman aqueduct', 'stone arches, scaffolding and water channels in the hills'],
  ['kite', 'The beach kite festival fills the sky', 'giant kites, sand dunes and families on the beach'],
  ['stainedglass', 'Stained glass windows return to the chapel', 'leaded glass, saints in coloured light and a rose window'],
  ['puffin', 'Puffins return to the island cliffs', 'puffins, burrows and rangers counting nests on the cliffs'],
  ['printing', 'A letterpress studio prints the town newspaper', 'lead type, ink rollers and a cast-iron press'],
  ['ski', 'A small ski lift is powered by the river', 'a rope tow, snowy slopes and a water turbine'],
  ['cheese', 'Alpine cheesemakers age wheels in a cave', 'copper vats, cheese wheels and a cool rock cellar'],
  ['rowing', 'The rowing club launches a restored eight', 'a wooden racing shell, oars and a misty river'],
  ['mosaic', 'Archaeologists uncover a villa mosaic', 'tesserae, trowels and a dolphin mosaic in the dig'],
  ['bridge', 'A rope bridge is rebuilt over the ravine', 'woven grass ropes, villagers and a deep green ravine'],
  ['lantern', 'Lantern makers prepare the river festival', 'paper lanterns, bamboo frames and candles on the water'],
  ['hive', 'Wild bees find a home in the old wall', 'mason bees, nesting holes and flowering thyme on the stones'],
  ['sailmaker', 'A sailmaker stitches canvas for tall ships', 'canvas, palm needles and tall ships in the harbour'],
  ['shepherd', 'A shepherd hut becomes a mountain refuge', 'a timber hut, hikers and snowy peaks at dusk'],
] as const;

let counter = 0;

/** An ordinary article. `marker` goes into the title (and so the prompt), for faults matched by prompt. */
export function ordinaryArticle(label: string, marker = ''): ArticleSpec {
  const [, title, scene] = SUBJECTS[counter % SUBJECTS.length];
  counter++;
  const heading = `${title}${marker ? ` with a ${marker}` : ''} (${label} ${counter})`;
  return {
    title: heading,
    description: `${title}: ${scene}.`,
    paragraphs: [
      `${title}. The story follows ${scene}, and the people who made it happen this season.`,
      `Residents said the work on ${scene} brought the community together and drew visitors from far away.`,
    ],
  };
}

/** Articles that used to freeze the server: a pasted blob, a hyphen chain, a megabyte of prose. */
export function hostileArticles(label: string): ArticleSpec[] {
  const base64 = randomBytes(Math.ceil((75 * 1024 * 3) / 4)).toString('base64'); // 75 KB of base64, one token
  const hyphens = Array.from({ length: 50 * 1024 / 5 }, (_, i) => `w${(i % 900) + 100}`).join('-'); // 50 KB
  const words = ['harbour', 'festival', 'ships', 'lanterns', 'choir', 'river', 'market', 'bridge', 'village', 'music', 'evening', 'crowd'];
  const paragraphs: string[] = [];
  let size = 0;
  for (let p = 0; size < 1024 * 1024; p++) {
    const sentence = Array.from({ length: 14 }, (_, i) => words[(p * 7 + i * 5) % words.length]).join(' ');
    const paragraph = `The ${sentence} gathered again on day ${p}. ${sentence[0].toUpperCase()}${sentence.slice(1)} filled the square.`.repeat(6);
    paragraphs.push(paragraph);
    size += paragraph.length;
  }
  const article = (title: string, body: string[]) => ({ title: `${title} (${label})`, description: title, paragraphs: body });
  return [
    article('Pasted attachment: the harbour festival poster', ['The poster as the editor pasted it:', base64]),
    article('A very long hyphenated identifier in the tide report', ['The tide gauge wrote:', hyphens]),
    article('The complete harbour festival chronicle', paragraphs),
  ];
}
