# The other side of `cargo run -p datasets --example throughput`: `python3 pil_throughput.py FOLDER 2`.
# torchvision-style pipeline with PIL (what torchvision's RandomResizedCrop/RandomHorizontalFlip/
# PILToTensor do on PIL images), 2 worker processes, batches of 32.
import glob, math, random, sys, time
from multiprocessing import Pool
import numpy as np
from PIL import Image

def rrc_params(w, h, scale=(0.08, 1.0), ratio=(3/4, 4/3)):
    area = w * h
    for _ in range(10):
        ta = area * random.uniform(*scale)
        ar = math.exp(random.uniform(math.log(ratio[0]), math.log(ratio[1])))
        cw, ch = int(round(math.sqrt(ta * ar))), int(round(math.sqrt(ta / ar)))
        if 0 < cw <= w and 0 < ch <= h:
            return random.randint(0, h - ch), random.randint(0, w - cw), ch, cw
    return 0, 0, h, w

def load(path):
    img = Image.open(path).convert('RGB')
    t, l, h, w = rrc_params(*img.size)
    img = img.resize((224, 224), Image.BILINEAR, box=(l, t, l + w, t + h))
    if random.random() < 0.5:
        img = img.transpose(Image.FLIP_LEFT_RIGHT)
    return np.asarray(img).transpose(2, 0, 1).astype(np.float32)

if __name__ == '__main__':
    files = sorted(glob.glob(sys.argv[1] + '/*.jpg'))
    with Pool(int(sys.argv[2])) as pool:
        for epoch in range(3):
            random.shuffle(files)
            start = time.time()
            n = 0
            for i in range(0, len(files), 32):
                batch = np.stack(pool.map(load, files[i:i + 32]))
                n += len(batch)
            print(f'epoch {epoch}: {n / (time.time() - start):.1f} images/s')
